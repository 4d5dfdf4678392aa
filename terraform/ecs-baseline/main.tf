provider "aws" {
  region = var.region

  default_tags {
    tags = local.tags
  }
}

locals {
  name = var.name

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
