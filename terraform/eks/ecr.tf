resource "aws_ecr_repository" "this" {
  #checkov:skip=CKV_AWS_136:AES-256 encryption at rest; the images hold no secrets, so a KMS key adds cost only
  for_each = tomap(var.ecr_repository_names)

  name                 = each.value
  image_tag_mutability = "IMMUTABLE" # a tag names one image for good: terraform/images tags by source hash
  force_delete         = true        # destroy removes the repository even when it still holds images

  image_scanning_configuration {
    scan_on_push = true
  }

  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_lifecycle_policy" "this" {
  for_each = aws_ecr_repository.this

  repository = each.value.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "Keep the last ${var.ecr_keep_images} images"
      selection = {
        tagStatus   = "any"
        countType   = "imageCountMoreThan"
        countNumber = var.ecr_keep_images
      }
      action = { type = "expire" }
    }]
  })
}
