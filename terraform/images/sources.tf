# What each image is built from and how it is tagged. Depends on variables and files only, so
# scripts/test-terraform.sh can evaluate it with terraform console on a fixture tree.

locals {
  source_root = abspath(coalesce(var.source_root, "${path.module}/../.."))

  images = {
    todo = {
      repository = var.ecr_repository_names.todo
      context    = var.todo_build_context
      dockerfile = var.todo_dockerfile
      sources    = var.todo_sources
    }
    operator = {
      repository = var.ecr_repository_names.operator
      context    = var.operator_build_context
      dockerfile = var.operator_dockerfile
      sources    = var.operator_sources
    }
  }

  # Tag = first 12 hex digits of a SHA-256 over the path and content of every source file of
  # the image (build output under target/ left out): same sources, same tag, no rebuild.
  source_tags = {
    for key, image in local.images : key => substr(sha256(join("\n", [
      for file in sort(distinct(flatten([for pattern in image.sources : tolist(fileset(local.source_root, pattern))]))) :
      "${file} ${filesha256("${local.source_root}/${file}")}"
      if length(regexall("(^|/)target/", file)) == 0
    ])), 0, 12)
  }
}
