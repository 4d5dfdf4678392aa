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
  description = "Where the operator gets its AWS credentials: node-role or pod-identity."
  value       = var.operator_credentials
}

output "operator_role_arn" {
  description = "IAM role of the operator (EKS Pod Identity), or null with operator_credentials = node-role."
  value       = try(aws_iam_role.operator[0].arn, null)
}

output "helm_install_command" {
  description = "helm command that installs the operator with these images, region and RDS networking, and with pod-identity the ServiceAccount name the association expects (run from the repository root; ends without a newline so more --set flags can follow)."
  value = join("", [chomp(<<-EOT
    helm upgrade --install taskoverflow-operator ./helm/taskoverflow-operator \
      --namespace ${var.operator_namespace} --create-namespace \
      --set image.repository=${aws_ecr_repository.this["operator"].repository_url} \
      --set image.tag=${var.operator_image_tag} \
      --set todoApp.image.repository=${aws_ecr_repository.this["todo"].repository_url} \
      --set todoApp.image.tag=${var.todo_image_tag} \
      --set aws.region=${data.aws_region.current.name} \
      --set aws.rds.subnetGroupName=${aws_db_subnet_group.operator.name} \
      --set 'aws.rds.securityGroupIds={${aws_security_group.rds.id}}'
  EOT
    ),
    # Pod Identity hands the role to this namespace and ServiceAccount name only.
    local.pod_identity ? " \\\n  --set serviceAccount.create=true --set serviceAccount.name=${var.operator_service_account}" : "",
  ])
}
