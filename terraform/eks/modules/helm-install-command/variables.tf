variable "operator_namespace" {
  type        = string
  description = "Namespace the chart is installed in."
}

variable "operator_repository" {
  type        = string
  description = "Image repository of the operator (chart value image.repository)."
}

variable "todo_repository" {
  type        = string
  description = "Image repository of the todo app the operator deploys (chart value todoApp.image.repository)."
}

variable "region" {
  type        = string
  description = "AWS region of the operator's RDS instances (chart value aws.region)."
}

variable "rds_subnet_group_name" {
  type        = string
  description = "DB subnet group of the operator's RDS instances (chart value aws.rds.subnetGroupName)."
}

variable "rds_security_group_id" {
  type        = string
  description = "Security group of the operator's RDS instances (chart value aws.rds.securityGroupIds)."
}

variable "operator_image_tag" {
  type        = string
  description = "Operator image tag (chart value image.tag); null leaves it to flags appended after the command."
  default     = null
}

variable "todo_image_tag" {
  type        = string
  description = "Todo app image tag (chart value todoApp.image.tag); null leaves it to flags appended after the command."
  default     = null
}

variable "service_account_name" {
  type        = string
  description = "ServiceAccount the chart creates for the operator, the name an EKS Pod Identity association expects; null keeps the chart's own."
  default     = null
}

variable "host_network" {
  type        = bool
  description = "Run the operator on the nodes' network (chart value hostNetwork), after labelling its namespace to admit such pods."
  default     = false
  nullable    = false
}
