# Persistent volumes: the EBS CSI driver as an EKS add-on. Its controller (Deployment
# kube-system/ebs-csi-controller, ServiceAccount ebs-csi-controller-sa) creates, attaches and
# deletes the EBS volumes and needs AWS credentials for that; its node DaemonSet only mounts them.
# Where those credentials come from follows var.operator_credentials:
#
#   pod-identity  a role of the driver's own holding the AWS-managed AmazonEBSCSIDriverPolicy,
#                 handed to ebs-csi-controller-sa alone by EKS Pod Identity.
#   node-role     the node role, through the instance metadata service. The controller runs on the
#                 pod network (the add-on has no host-network setting for it), which reaches IMDS
#                 only with hop limit 2: hence 2, the default with node-role (nodes.tf), which hands
#                 the node role to every other pod on the pod network too. With an explicit
#                 node_imds_hop_limit = 1 the driver is installed but provisions nothing (output
#                 ebs_csi_credentials).

locals {
  ebs_csi_service_account = "ebs-csi-controller-sa"
  ebs_csi_policy_arn      = "arn:${data.aws_partition.current.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy"
}

resource "aws_iam_role" "ebs_csi" {
  count = local.pod_identity ? 1 : 0

  name        = "${local.name}-ebs-csi"
  description = "EBS CSI driver controller of EKS cluster ${local.name} (EKS Pod Identity)"

  assume_role_policy = local.pod_identity_trust_policy
}

resource "aws_iam_role_policy_attachment" "ebs_csi" {
  count = local.pod_identity ? 1 : 0

  role       = aws_iam_role.ebs_csi[0].name
  policy_arn = local.ebs_csi_policy_arn
}

resource "aws_eks_pod_identity_association" "ebs_csi" {
  count = local.pod_identity ? 1 : 0

  cluster_name    = aws_eks_cluster.this.name
  namespace       = "kube-system"
  service_account = local.ebs_csi_service_account
  role_arn        = aws_iam_role.ebs_csi[0].arn

  depends_on = [aws_iam_role_policy_attachment.ebs_csi]
}

resource "aws_eks_addon" "ebs_csi" {
  cluster_name  = aws_eks_cluster.this.name
  addon_name    = "aws-ebs-csi-driver"
  addon_version = var.ebs_csi_addon_version

  # The add-on's own defaultStorageClass (ebs-csi-default-sc) sets no parameters: neither the
  # volume type nor encryption. The gp3, encrypted default comes from the output
  # storage_class_command instead.

  # Its pods need nodes, and with pod-identity their credentials before they start.
  depends_on = [aws_eks_node_group.default, aws_eks_addon.pod_identity_agent, aws_eks_pod_identity_association.ebs_csi]
}
