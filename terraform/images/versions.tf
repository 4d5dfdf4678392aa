terraform {
  required_version = ">= 1.6"

  # Only built-ins (terraform_data) and the AWS provider: the images are built and pushed by the
  # docker CLI (main.tf says why).
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.80, < 6.0"
    }
  }
}
