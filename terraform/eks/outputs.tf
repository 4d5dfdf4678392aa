# Sentences that more than one output below uses.
locals {
  node_role_described = local.node_role_arn == null ? "the fallback role" : local.node_role_arn
  metadata_kept_from  = "The operator's NetworkPolicies keep the todo and in-cluster PostgreSQL pods of each TaskOverflow from 169.254.169.254; other pods are not kept from it."
}

output "region" {
  description = "AWS region of the cluster, the ECR repositories and the RDS networking."
  value       = data.aws_region.current.name
}

output "cluster_name" {
  description = "Name of the EKS cluster."
  value       = aws_eks_cluster.this.name
}

output "cluster_endpoint" {
  description = "URL of the Kubernetes API server."
  value       = aws_eks_cluster.this.endpoint
}

output "cluster_security_group_id" {
  description = "Security group EKS created for the cluster; the control plane and the nodes carry it."
  value       = aws_eks_cluster.this.vpc_config[0].cluster_security_group_id
}

output "kubeconfig_command" {
  description = "Command that writes a kubeconfig entry for the cluster."
  value       = "aws eks update-kubeconfig --region ${data.aws_region.current.name} --name ${aws_eks_cluster.this.name}"
}

output "ecr_repository_urls" {
  description = "ECR repository URLs by image (todo, operator); terraform/images pushes to them."
  value       = { for key, repo in aws_ecr_repository.this : key => repo.repository_url }
}

output "todo_image_repository" {
  description = "ECR repository URL of the taskoverflow-todo image."
  value       = aws_ecr_repository.this["todo"].repository_url
}

output "operator_image_repository" {
  description = "ECR repository URL of the taskoverflow-operator image."
  value       = aws_ecr_repository.this["operator"].repository_url
}

output "rds_subnet_group_name" {
  description = "DB subnet group for the operator's RDS instances (chart value aws.rds.subnetGroupName)."
  value       = aws_db_subnet_group.operator.name
}

output "rds_security_group_id" {
  description = "Security group for the operator's RDS instances, open on 5432 to the nodes only (chart value aws.rds.securityGroupIds)."
  value       = aws_security_group.rds.id
}

output "vpc_id" {
  description = "VPC of the cluster."
  value       = local.vpc_id
}

output "subnet_ids" {
  description = "Subnets of the cluster and its nodes."
  value       = local.subnet_ids
}

output "node_security_group_id" {
  description = "Security group of the worker nodes only; the RDS security group admits this group and nothing else."
  value       = aws_security_group.node.id
}

output "node_subnet_ids" {
  description = "Subnets of the worker nodes (the private cluster subnets where there are any)."
  value       = local.node_subnet_ids
}

output "operator_credentials" {
  description = "Where the operator gets its AWS credentials: node-role or pod-identity (variable operator_credentials, or the default it picked)."
  value       = local.operator_credentials
}

output "operator_rds_policy" {
  description = "docs/rds-iam-policy.json filled in for this account, region and DB subnet group: the operator role's inline policy with pod-identity, and what an IRSA role or a node role of your own should hold."
  value       = local.operator_rds_policy
}

output "aws_credentials_exposure" {
  description = "Which pods can reach AWS credentials with the rights of docs/rds-iam-policy.json or more, in this operator_credentials mode with this hop limit, and what that needs from the cluster."
  value = local.pod_identity ? join(" ", [
    "pod-identity: only pods of ServiceAccount ${var.operator_namespace}/${var.operator_service_account} get the operator role (${local.name}-operator), which holds the RDS policy alone.",
    "The EBS CSI controller (kube-system/${local.ebs_csi_service_account}) gets ${local.name}-ebs-csi, which holds AmazonEBSCSIDriverPolicy alone.",
    local.node_imds_hop_limit == 1 ? "Hop limit 1 keeps every pod on the pod network from the node role; host-network pods still reach it: Pod Security refuses them only in namespaces labelled baseline or restricted (EKS enforces nothing in an unlabelled namespace)." : "Hop limit 2 (node_imds_hop_limit = 2): every pod, on the pod network as on the host network, reaches the node role, ${local.node_role_described}, through the instance metadata service. ${local.metadata_kept_from}",
    ]) : local.operator_host_network ? join(" ", [
    "node-role with hop limit 1: the operator runs on the nodes' network (chart value hostNetwork=true) to reach the node role, ${local.node_role_described}, through the instance metadata service; hop limit 1 keeps every pod on the pod network from it, the EBS CSI controller included, which therefore cannot create volumes (node_imds_hop_limit = 2, node-role's default, lets it).",
    "Still exposed: every other host-network pod on the nodes gets the node role too (with LabRole that is far more than RDS). Pod Security refuses host-network pods only in namespaces labelled pod-security.kubernetes.io/enforce=baseline or restricted, and EKS enforces nothing in an unlabelled namespace: label every tenant namespace so, and then only who may create pods in ${var.operator_namespace} (labelled privileged by helm_install_command) or label namespaces can reach the node role.",
    "The operator's port (metrics.port, 8080: probes and /metrics) is bound on each node it runs on, reachable from the VPC where the node security groups admit it; two replicas never share a node (required anti-affinity).",
    ]) : join(" ", [
    "node-role with hop limit 2: every pod on the pod network reaches the node role, ${local.node_role_described}, through the instance metadata service: the operator (on the pod network, no hostNetwork), the EBS CSI controller, which needs it to create volumes, and any other pod (host-network pods too).",
    local.metadata_kept_from,
    "Fine for a single-user lab account (AWS Academy Learner Lab: a pod that reaches LabRole gains nothing the account's one user lacks); not for a cluster several teams share: use pod-identity there (a node_role_arn and roles the account may create).",
  ])
}

output "ebs_csi_role_arn" {
  description = "IAM role of the EBS CSI driver's controller (EKS Pod Identity, AmazonEBSCSIDriverPolicy), or null with operator_credentials = node-role, where the controller uses the node role."
  value       = try(aws_iam_role.ebs_csi[0].arn, null)
}

output "ebs_csi_credentials" {
  description = "Where the EBS CSI driver's controller gets AWS credentials in this operator_credentials mode with this hop limit, and whether it can create volumes."
  value = local.pod_identity ? "pod-identity: role ${local.name}-ebs-csi (AmazonEBSCSIDriverPolicy) for kube-system/${local.ebs_csi_service_account} through EKS Pod Identity." : (
    local.node_imds_hop_limit == 2
    ? "node-role: the node role, ${local.node_role_described}, through the instance metadata service (hop limit 2, which every pod on the pod network reaches as well)."
    : "node-role with node_imds_hop_limit = 1: NONE. The controller runs on the pod network, which hop limit 1 keeps from the node role: PersistentVolumeClaims stay Pending. Leave node_imds_hop_limit unset (2 with node-role; every pod then reaches the node role) or use pod-identity."
  )
}

output "kubernetes_version" {
  description = "Kubernetes version of the control plane (variable kubernetes_version)."
  value       = aws_eks_cluster.this.version
}

output "storage_class_command" {
  description = "A kubectl command that makes an encrypted gp3 StorageClass (EBS CSI driver, WaitForFirstConsumer, expandable) the cluster's default. Terraform cannot reach the cluster's API, so it is printed, as helm_install_command is: run it once after apply."
  value = join("\n", [
    "kubectl apply -f - <<'YAML'",
    "apiVersion: storage.k8s.io/v1",
    "kind: StorageClass",
    "metadata:",
    "  name: ${var.storage_class_name}",
    "  annotations:",
    "    storageclass.kubernetes.io/is-default-class: \"true\"",
    "provisioner: ebs.csi.aws.com",
    "parameters:",
    "  type: gp3",
    "  encrypted: \"true\"",
    "reclaimPolicy: Delete",
    "volumeBindingMode: WaitForFirstConsumer",
    "allowVolumeExpansion: true",
    "YAML",
  ])
}

output "operator_role_arn" {
  description = "IAM role of the operator (EKS Pod Identity), or null with operator_credentials = node-role."
  value       = try(aws_iam_role.operator[0].arn, null)
}

# Built by a module of its own, which the end-to-end test renders standalone with a kind
# cluster's values: the command printed here is the one tested there.
module "helm_install_command" {
  source = "./modules/helm-install-command"

  operator_namespace    = var.operator_namespace
  operator_repository   = aws_ecr_repository.this["operator"].repository_url
  todo_repository       = aws_ecr_repository.this["todo"].repository_url
  region                = data.aws_region.current.name
  rds_subnet_group_name = aws_db_subnet_group.operator.name
  rds_security_group_id = aws_security_group.rds.id
  operator_image_tag    = var.operator_image_tag
  todo_image_tag        = var.todo_image_tag
  # Pod Identity hands the role to this namespace and ServiceAccount name only; with hop limit 1
  # the node role is reached from the host network only.
  service_account_name = local.pod_identity ? var.operator_service_account : null
  host_network         = local.operator_host_network
}

output "helm_install_command" {
  description = "Commands that install the operator with these images, region and RDS networking: with pod-identity the ServiceAccount name the association expects; with node-role and hop limit 1 the namespace labelled to admit privileged (host-network) pods and hostNetwork=true. Run from the repository root; ends without a newline so more --set flags (helm_image_tag_flags of terraform/images) can follow."
  value       = module.helm_install_command.command
}
