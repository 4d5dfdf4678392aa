# Where the operator's pods get the AWS credentials for their RDS calls (var.operator_credentials).
# The nodes' hop limit follows the mode (nodes.tf): 1 with pod-identity, 2 with node-role.
#
#   pod-identity  a role of the operator's own, holding only the policy of docs/rds-iam-policy.json
#                 and handed to the operator's ServiceAccount alone by EKS Pod Identity. The default
#                 when node_role_arn is given: whoever names roles can create one more.
#   node-role     the node role, through the instance metadata service. The default when the
#                 nodes run as the fallback role: AWS Academy Learner Lab, which forbids creating
#                 IAM roles. With hop limit 2 (the default here) the operator reaches it from the
#                 pod network, as every other pod does. With an explicit hop limit 1 only the
#                 nodes' network reaches it: the operator runs there (chart value hostNetwork, in
#                 a namespace labelled privileged), and every other host-network pod reaches the
#                 node role too; Pod Security refuses those only in namespaces labelled baseline
#                 or restricted.

locals {
  operator_credentials = coalesce(var.operator_credentials, var.node_role_arn != null ? "pod-identity" : "node-role")
  pod_identity         = local.operator_credentials == "pod-identity"

  # The host network only where the pod network cannot reach the node role (node-role with an
  # explicit hop limit 1).
  operator_host_network = !local.pod_identity && local.node_imds_hop_limit == 1

  # The policy the operator documents (docs/rds-iam-policy.json, read from the file so that both
  # stay one), pinned to this account and region and to the subnet group made in rds.tf. VPC
  # security groups cannot be pinned: RDS authorizes no resource or condition key for them.
  operator_rds_policy = jsonencode(jsondecode(templatefile("${path.module}/../../docs/rds-iam-policy.json", {
    account_id   = data.aws_caller_identity.current.account_id
    region       = data.aws_region.current.name
    subnet_group = aws_db_subnet_group.operator.name
  })))
}

locals {
  # EKS Pod Identity assumes a role for pods of this cluster only (the operator's, the EBS CSI
  # controller's).
  pod_identity_trust_policy = jsonencode({
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

resource "aws_iam_role" "operator" {
  count = local.pod_identity ? 1 : 0

  name        = "${local.name}-operator"
  description = "RDS calls of the TaskOverflow operator on EKS cluster ${local.name} (EKS Pod Identity)"

  assume_role_policy = local.pod_identity_trust_policy
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
