# Roles are looked up, not created: AWS Academy Learner Lab accounts cannot create IAM roles
# and provide one pre-made role (LabRole) that ECS tasks may assume.

data "aws_iam_roles" "fallback" {
  count = var.execution_role_arn == null || var.task_role_arn == null ? 1 : 0

  # Role names may contain "." and "+", which are regex metacharacters.
  name_regex = "^${replace(var.fallback_role_name, "/[.+]/", "\\$0")}$"
}

locals {
  fallback_role_arn = try(one(data.aws_iam_roles.fallback[0].arns), null)

  execution_role_arn = var.execution_role_arn != null ? var.execution_role_arn : local.fallback_role_arn
  task_role_arn      = var.task_role_arn != null ? var.task_role_arn : local.fallback_role_arn

  # format() arguments: the variable that sets the role, what the role needs.
  missing_role_message = join(" ", [
    "No IAM role for the ECS task: %s is not set and this account has no role named \"${var.fallback_role_name}\".",
    "AWS Academy Learner Lab accounts have LabRole (check that the credentials belong to the lab account).",
    "Elsewhere set %[1]s to a role that ecs-tasks.amazonaws.com can assume (%[2]s),",
    "or set fallback_role_name to the name of such a role.",
  ])
}
