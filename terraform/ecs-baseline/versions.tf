terraform {
  # 1.11: write-only arguments (password_wo, secret_string_wo) keep the database password out of
  # plan and state, and ephemeral values (1.10) keep Terraform from storing it by mistake.
  required_version = ">= 1.11"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # Write-only arguments (password_wo, secret_string_wo) need 5.9x; tested with 5.100.0.
      version = ">= 5.90, < 6.0"
    }
  }
}
