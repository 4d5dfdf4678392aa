provider "aws" {
  region = var.region
}

# ECR logins last 12 hours; the token is read anew on every plan and apply.
data "aws_ecr_authorization_token" "this" {}

provider "docker" {
  registry_auth {
    address  = data.aws_ecr_authorization_token.this.proxy_endpoint
    username = data.aws_ecr_authorization_token.this.user_name
    password = data.aws_ecr_authorization_token.this.password
  }
}

data "aws_ecr_repository" "this" {
  for_each = local.images

  name = each.value.repository
}

resource "docker_image" "this" {
  for_each = local.images

  # The source-hash tag in the name changes with the sources, which replaces (rebuilds) the image.
  name         = "${data.aws_ecr_repository.this[each.key].repository_url}:${local.source_tags[each.key]}"
  keep_locally = true

  build {
    context    = "${local.source_root}/${each.value.context}"
    dockerfile = each.value.dockerfile
    platform   = var.platform
    tag        = ["${data.aws_ecr_repository.this[each.key].repository_url}:latest"]
  }
}

# Pushes the source-hash tag (what deployments should pin) ...
resource "docker_registry_image" "source_tag" {
  for_each = docker_image.this

  name          = each.value.name
  keep_remotely = true # old tags stay for rollbacks; the ECR lifecycle policy trims them

  triggers = {
    image_id = each.value.image_id
  }
}

# ... and moves latest to the same image.
resource "docker_registry_image" "latest" {
  for_each = docker_image.this

  name          = "${data.aws_ecr_repository.this[each.key].repository_url}:latest"
  keep_remotely = true

  triggers = {
    image_id = each.value.image_id
  }

  depends_on = [docker_registry_image.source_tag]
}
