provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

locals {
  name = var.name

  app_port       = 6400 # the TaskOverflow HTTP contract
  db_port        = 5432
  container_name = "todo"

  tags = merge(
    {
      Project   = "taskoverflow"
      Stack     = "ecs-baseline"
      ManagedBy = "terraform"
    },
    var.tags,
  )
}

data "aws_region" "current" {}
