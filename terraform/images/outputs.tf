output "todo_image" {
  description = "Pushed taskoverflow-todo image, pinned by source-hash tag (todo_image of terraform/ecs-baseline)."
  value       = docker_registry_image.source_tag["todo"].name
}

output "operator_image" {
  description = "Pushed taskoverflow-operator image, pinned by source-hash tag."
  value       = docker_registry_image.source_tag["operator"].name
}

output "image_digests" {
  description = "sha256 digests of the pushed images, by image."
  value       = { for key, image in docker_registry_image.source_tag : key => image.sha256_digest }
}

output "helm_image_tag_flags" {
  description = "Append to the helm command of terraform/eks to pin both images to these builds instead of latest."
  value       = "--set image.tag=${local.source_tags["operator"]} --set todoApp.image.tag=${local.source_tags["todo"]}"
}
