# Where the operator's pods get the AWS credentials for their RDS calls (var.operator_credentials).
#
#   node-role     the node role, through the instance metadata service (hop limit 2). The only way
#                 in AWS Academy Learner Lab, which forbids creating IAM roles; but every pod on
#                 the nodes can then call AWS with the node role's rights.
#   pod-identity  a role of the operator's own, holding only docs/rds-iam-policy.json and handed to
#                 the operator's ServiceAccount alone by EKS Pod Identity; hop limit 1 keeps every
#                 pod away from the node role.

locals {
  pod_identity = var.operator_credentials == "pod-identity"

  # The policy the operator documents (docs/rds.md), read from the file so that both stay one.
  operator_rds_policy = file("${path.module}/../../docs/rds-iam-policy.json")
}

resource "aws_iam_role" "operator" {
  count = local.pod_identity ? 1 : 0

  name        = "${local.name}-operator"
  description = "RDS calls of the TaskOverflow operator on EKS cluster ${local.name} (EKS Pod Identity)"

  # EKS Pod Identity assumes the role for pods of this cluster only.
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "EksPodIdentityOfThisCluster"
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = {
        StringEquals = { "aws:SourceAccount" = data.aws_caller_identity.current.account_id }
        ArnEquals    = { "aws:SourceArn" = aws_eks_cluster.this.arn }
      }
    }]
  })
}

resource "aws_iam_role_policy" "operator_rds" {
  count = local.pod_identity ? 1 : 0

  name   = "taskoverflow-operator-rds"
  role   = aws_iam_role.operator[0].id
  policy = local.operator_rds_policy
}

# The agent that hands Pod Identity credentials to pods; a DaemonSet, so it needs the nodes.
resource "aws_eks_addon" "pod_identity_agent" {
  count = local.pod_identity ? 1 : 0

  cluster_name = aws_eks_cluster.this.name
  addon_name   = "eks-pod-identity-agent"

  depends_on = [aws_eks_node_group.default]
}

resource "aws_eks_pod_identity_association" "operator" {
  count = local.pod_identity ? 1 : 0

  cluster_name    = aws_eks_cluster.this.name
  namespace       = var.operator_namespace
  service_account = var.operator_service_account
  role_arn        = aws_iam_role.operator[0].arn

  # The role must hold its policy before the operator can use it.
  depends_on = [aws_iam_role_policy.operator_rds]
}
