variable "region" {
  type        = string
  description = "AWS region for the cluster, the ECR repositories and the operator's RDS instances."
  default     = "us-east-1"
}

variable "name" {
  type        = string
  description = "Name of the EKS cluster; also the prefix of the node group, launch template, DB subnet group and security group."
  default     = "taskoverflow"

  validation {
    condition     = can(regex("^[a-zA-Z][a-zA-Z0-9-]{0,37}$", var.name))
    error_message = "name must start with a letter and hold at most 38 letters, digits or hyphens."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource (merged into the provider's default tags)."
  default     = {}
}

variable "kubernetes_version" {
  type        = string
  description = "Kubernetes version of the EKS control plane and nodes. Keep it in EKS standard support (`aws eks describe-cluster-versions`, or the Amazon EKS Kubernetes release calendar): the cluster's upgrade policy is STANDARD, so past the end of standard support EKS upgrades the control plane by itself."
  default     = "1.35"
}

variable "vpc_id" {
  type        = string
  description = "VPC for the cluster and the RDS subnet group; null means the region's default VPC."
  default     = null
}

variable "subnet_ids" {
  type        = list(string)
  description = "Subnets for the cluster and nodes. Empty means: the VPC's subnets (in the default VPC its default subnets) in zones where EKS and node_instance_type are offered. Nodes need a route to the internet (public IP or NAT) to pull images."
  default     = []
}

variable "eks_unsupported_zone_ids" {
  type        = list(string)
  description = "Availability-zone IDs where EKS cannot place a control plane (AWS documents use1-az3, usw1-az2 and cac1-az3)."
  default     = ["use1-az3", "usw1-az2", "cac1-az3"]
}

variable "cluster_role_arn" {
  type        = string
  description = "IAM role of the EKS control plane. null looks up the role named fallback_role_name (LabRole in AWS Academy Learner Lab)."
  default     = null
}

variable "node_role_arn" {
  type        = string
  description = "IAM role of the worker nodes; with operator_credentials = \"node-role\" the operator's pods use it through IMDS for RDS calls, and the EBS CSI controller for EBS volumes. null looks up the role named fallback_role_name, and then operator_credentials defaults to \"node-role\"; given, it defaults to \"pod-identity\"."
  default     = null
}

variable "fallback_role_name" {
  type        = string
  description = "Name of an existing IAM role used for cluster and nodes when cluster_role_arn / node_role_arn are not set."
  default     = "LabRole"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.fallback_role_name))
    error_message = "fallback_role_name must be a valid IAM role name."
  }
}

variable "grant_admin_to_caller" {
  type        = bool
  description = "Give the identity that runs terraform apply (the IAM role behind an assumed-role session) cluster-admin through an EKS access entry."
  default     = true
}

variable "admin_principal_arns" {
  type        = list(string)
  description = "More IAM user or role ARNs that get cluster-admin access entries."
  default     = []
}

variable "cluster_public_access_cidrs" {
  type        = list(string)
  description = "Required, no default: the IPv4 CIDR blocks allowed to reach the public Kubernetes API endpoint, i.e. where kubectl and helm run. Your machine's address as seen by AWS: `curl -s https://checkip.amazonaws.com` (then pass [\"<that address>/32\"]). An empty list turns the public endpoint off (the API is then reachable from inside the VPC only)."

  validation {
    condition     = alltrue([for cidr in var.cluster_public_access_cidrs : can(cidrnetmask(cidr))])
    error_message = "cluster_public_access_cidrs must hold IPv4 CIDR blocks such as 203.0.113.7/32 (your address: curl -s https://checkip.amazonaws.com)."
  }
}

variable "cluster_log_types" {
  type        = list(string)
  description = "Control-plane log types sent to CloudWatch (api, audit, authenticator, controllerManager, scheduler). CloudWatch ingestion is billed."
  default     = ["audit", "authenticator"]
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the control-plane log group, in days."
  default     = 7
}

variable "node_instance_type" {
  type        = string
  description = "EC2 instance type of the worker nodes (Learner Lab allows small types such as t3.medium)."
  default     = "t3.medium"
}

variable "node_ami_type" {
  type        = string
  description = "EKS-optimised AMI family of the nodes; must match the architecture of node_instance_type and of the images."
  default     = "AL2023_x86_64_STANDARD"
}

variable "node_capacity_type" {
  type        = string
  description = "ON_DEMAND or SPOT."
  default     = "ON_DEMAND"

  validation {
    condition     = contains(["ON_DEMAND", "SPOT"], var.node_capacity_type)
    error_message = "node_capacity_type must be ON_DEMAND or SPOT."
  }
}

variable "node_desired_size" {
  type        = number
  description = "Number of worker nodes at creation (later changes of the live size are ignored)."
  default     = 2
}

variable "node_min_size" {
  type        = number
  description = "Minimum number of worker nodes."
  default     = 1
}

variable "node_max_size" {
  type        = number
  description = "Maximum number of worker nodes."
  default     = 3
}

variable "node_disk_size_gib" {
  type        = number
  description = "Root volume size of each node, in GiB (gp3, encrypted)."
  default     = 20
}

variable "ecr_repository_names" {
  type        = object({ todo = string, operator = string })
  description = "Names of the ECR repositories for the todo-app image and the operator image."
  default = {
    todo     = "taskoverflow-todo"
    operator = "taskoverflow-operator"
  }
}

variable "ecr_keep_images" {
  type        = number
  description = "How many images each ECR repository keeps; older ones are expired by a lifecycle policy."
  default     = 10

  validation {
    condition     = var.ecr_keep_images >= 1
    error_message = "ecr_keep_images must be at least 1."
  }
}

variable "node_subnet_ids" {
  type        = list(string)
  description = "Subnets of the worker nodes. Empty means: the cluster subnets that assign no public IPv4 address (private subnets; they need a NAT gateway or VPC endpoints), or all cluster subnets when there are none (as in the default VPC)."
  default     = []
}

variable "rds_subnet_ids" {
  type        = list(string)
  description = "Subnets of the DB subnet group for the operator's RDS instances (two zones at least). Empty means the private cluster subnets when they span two zones, else the cluster subnets."
  default     = []
}

variable "operator_namespace" {
  type        = string
  description = "Namespace the helm command in the outputs installs the operator into."
  default     = "taskoverflow-system"
}

variable "operator_image_tag" {
  type        = string
  description = "Operator image tag for the helm command. null leaves it out: append the helm_image_tag_flags output of terraform/images, which pushes each image under a tag made from its sources (the ECR repositories are immutable, so there is no latest tag to follow)."
  default     = null
}

variable "todo_image_tag" {
  type        = string
  description = "Default todo-app image tag handed to the operator in the helm command; null leaves it out, as for operator_image_tag."
  default     = null
}

variable "operator_credentials" {
  type        = string
  description = "Where the operator gets AWS credentials for RDS. null (default) picks \"pod-identity\" when node_role_arn is given (an account where roles are made and named) and \"node-role\" when the nodes run as the fallback role (AWS Academy Learner Lab's LabRole: such accounts cannot create IAM roles). \"pod-identity\": a role of the operator's own with docs/rds-iam-policy.json, given to its ServiceAccount by EKS Pod Identity. \"node-role\": the node role through the instance metadata service; with node_imds_hop_limit 2 (its default) the operator reaches it from the pod network, with 1 only from the host network (chart value hostNetwork, in a namespace that admits privileged pods)."
  default     = null

  validation {
    condition     = var.operator_credentials == null || contains(["node-role", "pod-identity"], coalesce(var.operator_credentials, "node-role"))
    error_message = "operator_credentials must be \"node-role\", \"pod-identity\" or null (chosen from node_role_arn)."
  }
}

variable "operator_service_account" {
  type        = string
  description = "Name of the operator's ServiceAccount (chart value serviceAccount.name); the Pod Identity association names it."
  default     = "taskoverflow-operator"
}

variable "node_imds_hop_limit" {
  type        = number
  description = "PUT response hop limit of the nodes' instance metadata service (IMDSv2). 1: only the nodes and host-network pods reach the node role. 2: every pod on the pod network does as well. null (default) picks 2 with operator_credentials = \"node-role\" and 1 with \"pod-identity\". With node-role the node role is the only credential source there is, and the EBS CSI controller needs it from the pod network to create volumes; in Learner Lab the account has a single user, so no pod that reaches LabRole gains anything that user lacks. Where several teams share the cluster, use pod-identity (hop limit 1), the default wherever roles can be made. An explicit 1 with node-role keeps every pod but host-network ones from the node role, the operator then on the host network and the EBS CSI driver without credentials (see README.md)."
  default     = null

  validation {
    condition     = var.node_imds_hop_limit == null || contains([1, 2], coalesce(var.node_imds_hop_limit, 1))
    error_message = "node_imds_hop_limit must be 1 (host network only), 2 (every pod) or null (2 with node-role, 1 with pod-identity)."
  }
}

variable "ebs_csi_addon_version" {
  type        = string
  description = "Version of the aws-ebs-csi-driver add-on (e.g. v1.48.0-eksbuild.1); null takes EKS's default for kubernetes_version (`aws eks describe-addon-versions --addon-name aws-ebs-csi-driver`)."
  default     = null
}

variable "storage_class_name" {
  type        = string
  description = "Name of the encrypted gp3 StorageClass that storage_class_command makes the cluster default."
  default     = "gp3"

  validation {
    condition     = can(regex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", var.storage_class_name))
    error_message = "storage_class_name must be a DNS label (lower-case letters, digits, hyphens)."
  }
}
