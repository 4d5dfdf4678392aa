terraform {
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Tested with 5.100.0; 6.x renames attributes used here (e.g. aws_region.name).
      version = ">= 5.80, < 6.0"
    }
  }
}
