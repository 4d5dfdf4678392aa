#!/usr/bin/env bash
# Run by terraform_data.image (main.tf), one image at a time: logs in to ECR (when ECR_REGION is
# set), builds IMAGE from CONTEXT/DOCKERFILE for PLATFORM with BUILD_ARGS (NAME=value lines), also
# tags it LATEST, and pushes both tags. DOCKER is the docker CLI to run.
set -euo pipefail

if [[ -n ${ECR_REGION:-} ]]; then
  # The password goes from the AWS CLI to docker through a pipe: never an argument, file or output.
  aws ecr get-login-password --region "$ECR_REGION" |
    "$DOCKER" login --username AWS --password-stdin "${IMAGE%%/*}"
fi

build_args=()
while IFS= read -r arg; do
  [[ -n $arg ]] && build_args+=(--build-arg "$arg")
done <<<"${BUILD_ARGS:-}"

"$DOCKER" build --platform "$PLATFORM" "${build_args[@]}" -f "$CONTEXT/$DOCKERFILE" \
  -t "$IMAGE" -t "$LATEST" "$CONTEXT"
# The source-hash tag first: latest only ever names an image that is pushed under its own tag.
"$DOCKER" push "$IMAGE"
"$DOCKER" push "$LATEST"
