# Created before the cluster so that its retention applies (EKS would create it without one).
resource "aws_cloudwatch_log_group" "cluster" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts at rest with its own key; a customer-managed KMS key adds cost and a key policy for no gain here
  #checkov:skip=CKV_AWS_338:retention is var.log_retention_days; a year of control-plane logs is cost without use for this cluster
  count = length(var.cluster_log_types) > 0 ? 1 : 0

  name              = "/aws/eks/${local.name}/cluster"
  retention_in_days = var.log_retention_days
}

resource "aws_eks_cluster" "this" {
  #checkov:skip=CKV_AWS_37:var.cluster_log_types chooses the log types; all of them cost CloudWatch ingestion
  #checkov:skip=CKV_AWS_38:the CIDRs are var.cluster_public_access_cidrs, a required variable without default (checkov reads an unset variable as open); kubectl and helm run from the user's machine, whose address the module cannot know
  #checkov:skip=CKV_AWS_39:kubectl and helm run from outside the VPC (Learner Lab has no VPN); an empty var.cluster_public_access_cidrs turns the public endpoint off, and the private endpoint is on as well
  #checkov:skip=CKV_AWS_58:EKS 1.28 and later encrypt all Kubernetes API data, Secrets included, with envelope encryption by default; a customer-managed key is optional
  name                      = local.name
  version                   = var.kubernetes_version
  role_arn                  = local.cluster_role_arn
  enabled_cluster_log_types = var.cluster_log_types

  access_config {
    authentication_mode = "API"
    # The applying identity gets an explicit access entry below, which stays visible in code.
    bootstrap_cluster_creator_admin_permissions = false
  }

  vpc_config {
    subnet_ids              = local.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = length(var.cluster_public_access_cidrs) > 0
    public_access_cidrs     = length(var.cluster_public_access_cidrs) > 0 ? var.cluster_public_access_cidrs : null
  }

  # Extended support costs six times the standard control-plane price.
  upgrade_policy {
    support_type = "STANDARD"
  }

  lifecycle {
    precondition {
      condition     = local.cluster_role_arn != null
      error_message = format(local.missing_role_message, "EKS cluster", "cluster_role_arn", "eks.amazonaws.com", "AmazonEKSClusterPolicy")
    }

    precondition {
      condition     = length(local.subnet_ids) >= 2
      error_message = "EKS needs subnets in at least two availability zones; found ${length(local.subnet_ids)} in VPC ${local.vpc_id} where EKS and ${var.node_instance_type} are offered. Set subnet_ids or choose another node_instance_type."
    }
  }

  depends_on = [aws_cloudwatch_log_group.cluster]
}

locals {
  # An IAM principal can hold one access entry only, and EKS gives the node role its own
  # (EC2_LINUX) for the nodes to join. So the node role is never made admin here, even when
  # terraform runs under it (e.g. on a Learner Lab instance with the LabRole profile).
  admin_principal_arns = toset([
    for arn in concat(
      var.grant_admin_to_caller ? [data.aws_iam_session_context.current.issuer_arn] : [],
      var.admin_principal_arns,
    ) : arn if arn != local.node_role_arn
  ])
}

resource "aws_eks_access_entry" "admin" {
  for_each = local.admin_principal_arns

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = each.value
  type          = "STANDARD"
}

resource "aws_eks_access_policy_association" "admin" {
  for_each = local.admin_principal_arns

  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_eks_access_entry.admin[each.key].principal_arn
  policy_arn    = "arn:${data.aws_partition.current.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"

  access_scope {
    type = "cluster"
  }
}
