# Roles are looked up, not created: AWS Academy Learner Lab accounts cannot create IAM roles
# and provide one pre-made role (LabRole) that EKS and EC2 may assume.

data "aws_iam_roles" "fallback" {
  count = var.cluster_role_arn == null || var.node_role_arn == null ? 1 : 0

  # Role names may contain "." and "+", which are regex metacharacters.
  name_regex = "^${replace(var.fallback_role_name, "/[.+]/", "\\$0")}$"
}

locals {
  fallback_role_arn = try(one(data.aws_iam_roles.fallback[0].arns), null)

  cluster_role_arn = var.cluster_role_arn != null ? var.cluster_role_arn : local.fallback_role_arn
  node_role_arn    = var.node_role_arn != null ? var.node_role_arn : local.fallback_role_arn

  # format() arguments: what the role is for, the variable that sets it, the principal that
  # assumes it, the managed policies it needs.
  missing_role_message = join(" ", [
    "No IAM role for the %s: %s is not set and this account has no role named \"${var.fallback_role_name}\".",
    "AWS Academy Learner Lab accounts have LabRole (check that the credentials belong to the lab account).",
    "Elsewhere set %[2]s to a role that %[3]s can assume, with %[4]s attached,",
    "or set fallback_role_name to the name of such a role.",
  ])
}
