# EXPECTED TO FAIL. scripts/test-terraform.sh runs this directory on its own and passes only when
# the plan stops with db_adoptable_by's message (expect_failures hides the text).

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  todo_image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/taskoverflow-todo:0123456789ab"
}

run "adoption_consent_without_a_name" {
  command = plan

  variables {
    db_adoptable_by = "team-a"
  }
}
