variable "region" {
  type        = string
  description = "AWS region of the deployment."
  default     = "us-east-1"
}

variable "name" {
  type        = string
  description = "Name of the ECS cluster and prefix of every other resource."
  default     = "taskoverflow-baseline"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,29}$", var.name))
    error_message = "name must start with a lowercase letter and hold at most 30 lowercase letters, digits or hyphens."
  }
}

variable "tags" {
  type        = map(string)
  description = "Extra tags for every resource (merged into the provider's default tags)."
  default     = {}
}

variable "todo_image" {
  type        = string
  description = "Full reference of the taskoverflow-todo image, e.g. the todo_image output of terraform/images (<account>.dkr.ecr.<region>.amazonaws.com/taskoverflow-todo:<tag>)."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the deployment; null means the region's default VPC."
  default     = null
}

variable "subnet_ids" {
  type        = list(string)
  description = "Subnets (two zones at least) for the load balancer, the tasks and the database. Empty means the default subnets of the VPC in usable zones."
  default     = []
}

variable "excluded_zone_ids" {
  type        = list(string)
  description = "Availability-zone IDs to leave out (use1-az3 is a constrained zone lacking newer instance types and services)."
  default     = ["use1-az3"]
}

variable "allowed_cidrs" {
  type        = list(string)
  description = "IPv4 CIDR blocks that may reach the application (the load balancer on port 80, or the tasks on 6400 without one)."
  default     = ["0.0.0.0/0"]
}

variable "create_load_balancer" {
  type        = bool
  description = "Put an internet-facing Application Load Balancer (HTTP :80, health check /api/v1/health) in front of the tasks."
  default     = true
}

variable "assign_public_ip" {
  type        = bool
  description = "Give tasks a public IP. Needed in the default VPC (no NAT gateway) to pull the image and read the secret."
  default     = true
}

variable "execution_role_arn" {
  type        = string
  description = "Role ECS uses to pull the image, write logs and read the database URI secret. null looks up fallback_role_name (LabRole in Learner Lab)."
  default     = null
}

variable "task_role_arn" {
  type        = string
  description = "Role the application runs as. null looks up fallback_role_name."
  default     = null
}

variable "fallback_role_name" {
  type        = string
  description = "Name of an existing IAM role used when execution_role_arn / task_role_arn are not set."
  default     = "LabRole"

  validation {
    condition     = can(regex("^[\\w+=,.@-]{1,64}$", var.fallback_role_name))
    error_message = "fallback_role_name must be a valid IAM role name."
  }
}

variable "desired_count" {
  type        = number
  description = "Number of running tasks."
  default     = 1
}

variable "task_cpu" {
  type        = number
  description = "Fargate task CPU units (256 = 0.25 vCPU)."
  default     = 1024
}

variable "task_memory" {
  type        = number
  description = "Fargate task memory in MiB (must fit task_cpu)."
  default     = 2048
}

variable "cpu_architecture" {
  type        = string
  description = "X86_64 or ARM64; must match the image."
  default     = "X86_64"

  validation {
    condition     = contains(["X86_64", "ARM64"], var.cpu_architecture)
    error_message = "cpu_architecture must be X86_64 or ARM64."
  }
}

variable "container_health_check_command" {
  type        = list(string)
  description = "Optional container health check, e.g. [\"CMD-SHELL\", \"curl -fs http://localhost:6400/api/v1/health || exit 1\"] if the image has curl. null: only the load balancer checks /api/v1/health."
  default     = null
}

variable "container_insights" {
  type        = bool
  description = "Enable CloudWatch Container Insights on the cluster (billed per metric)."
  default     = false
}

variable "log_retention_days" {
  type        = number
  description = "Retention of the application's CloudWatch log group, in days."
  default     = 7
}

variable "db_engine_version" {
  type        = string
  description = "PostgreSQL version of the RDS instance (a major version picks the current default minor)."
  default     = "17"
}

variable "db_instance_class" {
  type        = string
  description = "RDS instance class (Learner Lab allows the small burstable classes)."
  default     = "db.t3.micro"
}

variable "db_allocated_storage" {
  type        = number
  description = "Initial database storage, in GiB."
  default     = 20
}

variable "db_max_allocated_storage" {
  type        = number
  description = "Upper limit for storage autoscaling, in GiB (equal to db_allocated_storage to disable it)."
  default     = 1000
}

variable "db_multi_az" {
  type        = bool
  description = "Run a standby in a second zone (doubles the instance cost)."
  default     = false
}

variable "db_name" {
  type        = string
  description = "Name of the application database."
  default     = "todo"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,62}$", var.db_name))
    error_message = "db_name must start with a letter and hold lowercase letters, digits or underscores."
  }
}

variable "db_username" {
  type        = string
  description = "Master user name of the database (the application connects as it)."
  default     = "administrator"

  validation {
    condition     = can(regex("^[a-z][a-z0-9_]{0,15}$", var.db_username)) && !contains(["admin", "postgres", "rdsadmin"], var.db_username)
    error_message = "db_username must start with a letter, hold at most 16 lowercase letters, digits or underscores, and not be a reserved name."
  }
}

variable "db_password" {
  type        = string
  description = "Database password to set when the instance is created or db_password_version changes (e.g. TF_VAR_db_password from a password manager). null generates one. Ephemeral: never stored, read only in those applies."
  default     = null
  sensitive   = true
  ephemeral   = true

  validation {
    condition     = var.db_password == null || can(regex("^[[:graph:]]{16,128}$", var.db_password)) && !can(regex("[/@\"]", var.db_password))
    error_message = "db_password must be 16 to 128 printable characters without spaces, \"/\", \"@\" or '\"' (RDS rules)."
  }
}

variable "db_password_version" {
  type        = number
  description = "Increase by one to rotate the database password: the same apply sets a new password on RDS, rewrites the URI secret and rolls the tasks."
  default     = 1
}

variable "db_adoptable_by" {
  type        = string
  description = "<namespace>/<name> of the TaskOverflow that may adopt the database: the instance is tagged taskoverflow.io/adoptable-by with it, the owner's consent the operator adopts on (docs/rds.md, \"Adopting an existing instance\"). null: no consent."
  default     = null

  validation {
    condition = var.db_adoptable_by == null || (
      can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?/[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", var.db_adoptable_by)) &&
      can(regex("^.{3,256}$", var.db_adoptable_by)) && can(regex("/.{1,253}$", var.db_adoptable_by))
    )
    error_message = "db_adoptable_by must be <namespace>/<name> of the TaskOverflow that may adopt the database, e.g. team-a/todo: the namespace a DNS-1123 label (at most 63 lowercase letters, digits or '-', beginning and ending with a letter or digit), the name a DNS-1123 subdomain (such labels joined by '.', at most 253 characters), and at most 256 characters in all (an RDS tag value)."
  }
}

variable "db_client_security_group_ids" {
  type        = list(string)
  description = "Security groups admitted to the database on 5432 besides the tasks', e.g. the EKS nodes' (node_security_group_id of terraform/eks) whose operator is to adopt the database. They must be in the database's VPC (or a peered one)."
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.db_client_security_group_ids : can(regex("^sg-([0-9a-f]{8}|[0-9a-f]{17})$", id))])
    error_message = "db_client_security_group_ids must hold security group IDs (sg- and 8 or 17 hexadecimal digits)."
  }
}

variable "db_backup_retention_days" {
  type        = number
  description = "Days of automated backups (0 disables them)."
  default     = 1
}

variable "deletion_protection" {
  type        = bool
  description = "Protect the database from deletion (destroy fails until it is turned off)."
  default     = false
}

variable "skip_final_snapshot" {
  type        = bool
  description = "Delete the database on destroy without a final snapshot. false (the default) keeps a snapshot named <name>-final (billed until deleted; delete it before the next destroy, as the name is reused)."
  default     = false
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted database URI secret can be restored (0 deletes it at once, so destroy and re-apply work without waiting)."
  default     = 0
}
