#!/usr/bin/env bash
# Run by terraform_data.image (main.tf), one image at a time: logs in to ECR (when ECR_REGION is
# set), builds IMAGE from CONTEXT/DOCKERFILE for PLATFORM with BUILD_ARGS (NAME=value lines), also
# tags it LATEST when that is set (other registries; ECR tags are immutable), and pushes the tags.
# DOCKER is the docker CLI to run.
set -euo pipefail

if [[ -n ${ECR_REGION:-} ]]; then
  # The password goes from the AWS CLI to docker through a pipe: never an argument, file or output.
  aws ecr get-login-password --region "$ECR_REGION" |
    "$DOCKER" login --username AWS --password-stdin "${IMAGE%%/*}"
  # The tag is a hash of the sources: if ECR has it, these sources were built and pushed before
  # (e.g. from another checkout or state), and an immutable repository would refuse it again.
  repository=${IMAGE#*/}
  if aws ecr describe-images --region "$ECR_REGION" --repository-name "${repository%:*}" \
    --image-ids "imageTag=${IMAGE##*:}" >/dev/null 2>&1; then
    echo "$IMAGE is in ECR already: same sources, nothing to build or push"
    exit 0
  fi
fi

build_args=()
while IFS= read -r arg; do
  [[ -n $arg ]] && build_args+=(--build-arg "$arg")
done <<<"${BUILD_ARGS:-}"

tags=(-t "$IMAGE")
if [[ -n ${LATEST:-} ]]; then tags+=(-t "$LATEST"); fi
"$DOCKER" build --platform "$PLATFORM" "${build_args[@]}" -f "$CONTEXT/$DOCKERFILE" "${tags[@]}" "$CONTEXT"
# The source-hash tag first: latest only ever names an image that is pushed under its own tag.
"$DOCKER" push "$IMAGE"
if [[ -n ${LATEST:-} ]]; then "$DOCKER" push "$LATEST"; fi
