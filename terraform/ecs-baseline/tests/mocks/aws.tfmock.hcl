# Mocked AWS answers: a Learner Lab-like account in us-east-1 with a default VPC and a LabRole.

mock_data "aws_region" {
  defaults = {
    name = "us-east-1"
  }
}

mock_data "aws_vpc" {
  defaults = {
    id      = "vpc-0default"
    default = true
  }
}

mock_data "aws_availability_zones" {
  defaults = {
    names = ["us-east-1a", "us-east-1b"]
  }
}

mock_data "aws_subnets" {
  defaults = {
    ids = ["subnet-0bbb", "subnet-0aaa"]
  }
}

mock_data "aws_iam_roles" {
  defaults = {
    arns = ["arn:aws:iam::111122223333:role/LabRole"]
  }
}

mock_resource "aws_secretsmanager_secret" {
  override_during = plan
  defaults = {
    arn = "arn:aws:secretsmanager:us-east-1:111122223333:secret:taskoverflow-baseline/database-uri-abc"
    id  = "arn:aws:secretsmanager:us-east-1:111122223333:secret:taskoverflow-baseline/database-uri-abc"
  }
}

mock_resource "aws_cloudwatch_log_group" {
  override_during = plan
  defaults = {
    name = "/ecs/taskoverflow-baseline"
  }
}
