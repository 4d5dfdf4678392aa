# EXPECTED TO FAIL. scripts/test-terraform.sh runs this directory on its own and passes
# only when the plan stops with the guidance below (terraform test cannot assert on the
# text of a precondition message, and expect_failures hides it).

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  cluster_public_access_cidrs = ["203.0.113.7/32"]
}

run "no_labrole_and_no_cluster_role_arn" {
  command = plan

  override_data {
    target = data.aws_iam_roles.fallback[0]
    values = {
      arns = []
    }
  }
}
