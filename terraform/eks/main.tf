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
      Stack     = "eks"
      ManagedBy = "terraform"
    },
    var.tags,
  )
}

data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

# The caller may be an assumed-role session (as in AWS Academy Learner Lab); EKS access
# entries need the IAM role behind the session, not the STS session ARN.
data "aws_iam_session_context" "current" {
  arn = data.aws_caller_identity.current.arn
}
