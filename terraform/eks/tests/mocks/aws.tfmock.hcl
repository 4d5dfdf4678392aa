# Mocked AWS answers shared by the test files: a Learner Lab-like account in us-east-1
# with a default VPC, two usable zones and a LabRole.

mock_data "aws_caller_identity" {
  defaults = {
    arn        = "arn:aws:sts::111122223333:assumed-role/voclabs/user1234567=student"
    account_id = "111122223333"
  }
}

mock_data "aws_iam_session_context" {
  defaults = {
    issuer_arn = "arn:aws:iam::111122223333:role/voclabs"
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
    names    = ["us-east-1a", "us-east-1b", "us-east-1c"]
    zone_ids = ["use1-az1", "use1-az2", "use1-az4"]
  }
}

mock_data "aws_ec2_instance_type_offerings" {
  defaults = {
    locations = ["us-east-1a", "us-east-1b"]
  }
}

mock_data "aws_subnets" {
  defaults = {
    ids = ["subnet-0bbb", "subnet-0aaa"]
  }
}

# Default subnets give public IPs on launch.
mock_data "aws_subnet" {
  defaults = {
    map_public_ip_on_launch = true
    availability_zone       = "us-east-1a"
  }
}

mock_data "aws_iam_roles" {
  defaults = {
    arns = ["arn:aws:iam::111122223333:role/LabRole"]
  }
}

mock_data "aws_region" {
  defaults = {
    name = "us-east-1"
  }
}

mock_data "aws_partition" {
  defaults = {
    partition = "aws"
  }
}

mock_resource "aws_eks_cluster" {
  override_during = plan
  defaults = {
    arn = "arn:aws:eks:us-east-1:111122223333:cluster/taskoverflow"
    vpc_config = {
      cluster_security_group_id = "sg-0cluster"
    }
  }
}

mock_resource "aws_launch_template" {
  override_during = plan
  defaults = {
    id             = "lt-0node"
    latest_version = 3
  }
}

mock_resource "aws_ecr_repository" {
  override_during = plan
  defaults = {
    repository_url = "111122223333.dkr.ecr.us-east-1.amazonaws.com/repo"
  }
}

mock_resource "aws_security_group" {
  override_during = plan
  defaults = {
    id = "sg-0rds"
  }
}
