output "todo_image" {
  description = "Pushed taskoverflow-todo image, pinned by source-hash tag (todo_image of terraform/ecs-baseline)."
  value       = terraform_data.image["todo"].output
}

output "operator_image" {
  description = "Pushed taskoverflow-operator image, pinned by source-hash tag."
  value       = terraform_data.image["operator"].output
}

output "helm_image_tag_flags" {
  description = "Append to the helm command of terraform/eks to pin both images to these builds instead of latest."
  value       = "--set image.tag=${local.source_tags["operator"]} --set todoApp.image.tag=${local.source_tags["todo"]}"
}
