# Plan-only tests against a mocked AWS provider: which registry each image goes to. The build and
# push itself is tested by scripts/test-terraform.sh against a local registry.

mock_provider "aws" {}

override_data {
  target = data.aws_ecr_repository.this["todo"]
  values = {
    repository_url = "123456789012.dkr.ecr.us-east-1.amazonaws.com/taskoverflow-todo"
  }
}

override_data {
  target = data.aws_ecr_repository.this["operator"]
  values = {
    repository_url = "123456789012.dkr.ecr.us-east-1.amazonaws.com/taskoverflow-operator"
  }
}

run "ecr_by_default" {
  command = plan

  assert {
    condition     = terraform_data.image["todo"].input == "123456789012.dkr.ecr.us-east-1.amazonaws.com/taskoverflow-todo:${local.source_tags["todo"]}"
    error_message = "The todo image must go to its ECR repository under its source-hash tag."
  }

  assert {
    condition     = terraform_data.image["operator"].input == "123456789012.dkr.ecr.us-east-1.amazonaws.com/taskoverflow-operator:${local.source_tags["operator"]}"
    error_message = "The operator image must go to its ECR repository under its source-hash tag."
  }

  assert {
    condition     = terraform_data.image["todo"].triggers_replace == terraform_data.image["todo"].input
    error_message = "A new source-hash tag must replace the resource, which builds and pushes again."
  }

  assert {
    condition     = output.helm_image_tag_flags == "--set image.tag=${local.source_tags["operator"]} --set todoApp.image.tag=${local.source_tags["todo"]}"
    error_message = "helm_image_tag_flags must pin both chart images to their source-hash tags."
  }
}

run "registry_replaces_ecr" {
  command = plan

  variables {
    registry = "127.0.0.1:5000"
  }

  assert {
    condition     = length(data.aws_ecr_repository.this) == 0
    error_message = "With a registry set, ECR must not be looked up."
  }

  assert {
    condition     = terraform_data.image["todo"].input == "127.0.0.1:5000/taskoverflow-todo:${local.source_tags["todo"]}"
    error_message = "With a registry set, the todo image must go there."
  }

  assert {
    condition     = terraform_data.image["operator"].input == "127.0.0.1:5000/taskoverflow-operator:${local.source_tags["operator"]}"
    error_message = "With a registry set, the operator image must go there."
  }
}
