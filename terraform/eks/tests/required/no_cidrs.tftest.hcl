# EXPECTED TO FAIL. scripts/test-terraform.sh runs this directory on its own and passes only when
# the plan stops because cluster_public_access_cidrs is not set: it has no world-open default.

mock_provider "aws" {
  source = "./tests/mocks"
}

run "api_endpoint_cidrs_not_given" {
  command = plan
}
