variable "region" {
  type        = string
  description = "AWS region of the ECR repositories (the region of terraform/eks)."
  default     = "us-east-1"
}

variable "ecr_repository_names" {
  type        = object({ todo = string, operator = string })
  description = "ECR repositories created by terraform/eks, by image."
  default = {
    todo     = "taskoverflow-todo"
    operator = "taskoverflow-operator"
  }
}

variable "registry" {
  type        = string
  description = "Registry host (and optional path) to push to instead of ECR, e.g. 127.0.0.1:5000; the images then go to <registry>/<ecr_repository_names>, and ECR is not used. null means the ECR repositories of terraform/eks."
  default     = null
}

variable "docker" {
  type        = string
  description = "The docker CLI that builds (with BuildKit) and pushes the images."
  default     = "docker"
}

variable "build_args" {
  type        = map(string)
  description = "--build-arg values of both Dockerfiles, e.g. BUILD_IMAGE and RUNTIME_IMAGE to build on other base images; empty means the Dockerfiles' defaults."
  default     = {}
}

variable "source_root" {
  type        = string
  description = "Repository root that build contexts and source patterns are relative to; null means two levels above this directory."
  default     = null
}

variable "platform" {
  type        = string
  description = "Target platform of the images; linux/amd64 matches the default x86_64 nodes and Fargate tasks."
  default     = "linux/amd64"
}

variable "todo_build_context" {
  type        = string
  description = "Build context of the taskoverflow-todo image, relative to source_root (the Maven build needs the root POM)."
  default     = "."
}

variable "todo_dockerfile" {
  type        = string
  description = "Dockerfile of the taskoverflow-todo image, relative to its build context."
  default     = "todo-app/Dockerfile"
}

variable "todo_sources" {
  type        = list(string)
  description = "fileset() patterns, relative to source_root, whose contents make the taskoverflow-todo tag."
  default     = ["pom.xml", "*/pom.xml", ".dockerignore", "test-postgres/**", "todo-app/Dockerfile", "todo-app/src/**"]
}

variable "operator_build_context" {
  type        = string
  description = "Build context of the taskoverflow-operator image, relative to source_root."
  default     = "."
}

variable "operator_dockerfile" {
  type        = string
  description = "Dockerfile of the taskoverflow-operator image, relative to its build context."
  default     = "operator/Dockerfile"
}

variable "operator_sources" {
  type        = list(string)
  description = "fileset() patterns, relative to source_root, whose contents make the taskoverflow-operator tag."
  default     = ["pom.xml", "*/pom.xml", ".dockerignore", "test-postgres/**", "operator/Dockerfile", "operator/src/**", "crd/src/**"]
}
