resource "aws_ecr_repository" "this" {
  for_each = tomap(var.ecr_repository_names)

  name                 = each.value
  image_tag_mutability = "MUTABLE" # "latest" is re-pointed on every push; source-hash tags never change.
  force_delete         = true      # destroy removes the repository even when it still holds images

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
