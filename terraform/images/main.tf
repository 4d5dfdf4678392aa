# The docker CLI, run by local-exec, builds and pushes the images rather than a Terraform docker
# provider: the CLI is what `docker build` users already have (BuildKit, cache mounts, their
# credential setup), and it needs no provider beyond hashicorp/aws, which every machine that runs
# the other roots has.

provider "aws" {
  region = var.region
}

locals {
  # With `registry` set, everything goes there and ECR is never asked.
  use_ecr = var.registry == null

  repository_urls = {
    for key, image in local.images :
    key => local.use_ecr ? data.aws_ecr_repository.this[key].repository_url : "${var.registry}/${image.repository}"
  }

  build_args = join("\n", [for name, value in var.build_args : "${name}=${value}"])
}

data "aws_ecr_repository" "this" {
  for_each = local.use_ecr ? local.images : {}

  name = each.value.repository
}

# One build and push per image. A new source-hash tag (or registry) replaces the resource, which
# runs the provisioner again; unchanged sources mean no change and no build. Destroying forgets the
# image and leaves it in the registry: earlier tags stay for rollbacks, the ECR lifecycle policy
# trims them.
resource "terraform_data" "image" {
  for_each = local.images

  input            = "${local.repository_urls[each.key]}:${local.source_tags[each.key]}"
  triggers_replace = "${local.repository_urls[each.key]}:${local.source_tags[each.key]}"

  provisioner "local-exec" {
    interpreter = ["bash"]
    command     = "${path.module}/build-and-push.sh"
    environment = {
      DOCKER          = var.docker
      DOCKER_BUILDKIT = "1" # for clients without buildx (docker.io 20.10); buildx ignores it
      IMAGE           = "${local.repository_urls[each.key]}:${local.source_tags[each.key]}"
      # ECR repositories (terraform/eks) are immutable: no tag is moved there, latest included.
      LATEST     = local.use_ecr ? "" : "${local.repository_urls[each.key]}:latest"
      CONTEXT    = "${local.source_root}/${each.value.context}"
      DOCKERFILE = each.value.dockerfile
      PLATFORM   = var.platform
      BUILD_ARGS = local.build_args
      # The script logs in with `aws ecr get-login-password`: the token never passes through
      # Terraform (data.aws_ecr_authorization_token would keep it in the state, in clear).
      ECR_REGION = local.use_ecr ? var.region : ""
    }
  }
}
