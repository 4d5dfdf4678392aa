terraform {
  # No providers: the module only builds text, so `terraform init` needs no registry or plugin
  # mirror (the end-to-end test renders it standalone, offline).
  required_version = ">= 1.6"
}
