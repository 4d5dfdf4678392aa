# Plan-only tests against a mocked AWS provider: no credentials, no network.

mock_provider "aws" {
  source = "./tests/mocks"
}

variables {
  todo_image = "111122223333.dkr.ecr.us-east-1.amazonaws.com/taskoverflow-todo:0123456789ab"
}

override_resource {
  target          = aws_security_group.db
  override_during = plan
  values = {
    id = "sg-0db"
  }
}

override_resource {
  target          = aws_security_group.tasks
  override_during = plan
  values = {
    id = "sg-0tasks"
  }
}

override_resource {
  target          = aws_security_group.alb[0]
  override_during = plan
  values = {
    id = "sg-0alb"
  }
}

run "database_is_private_and_encrypted" {
  command = plan

  assert {
    condition     = aws_db_instance.this.publicly_accessible == false
    error_message = "The database must not be publicly accessible."
  }

  assert {
    condition     = aws_db_instance.this.storage_encrypted == true
    error_message = "Database storage must be encrypted."
  }

  assert {
    condition     = aws_db_instance.this.vpc_security_group_ids == toset(["sg-0db"])
    error_message = "The database must carry only its own security group."
  }

  assert {
    condition     = aws_db_instance.this.port == 5432
    error_message = "The database listens on 5432."
  }
}

run "defaults_keep_the_classic_shape_and_a_final_snapshot" {
  command = plan

  assert {
    condition     = aws_db_instance.this.skip_final_snapshot == false && aws_db_instance.this.final_snapshot_identifier == "taskoverflow-baseline-final"
    error_message = "Destroy must keep a final snapshot unless asked not to."
  }

  assert {
    condition     = aws_db_instance.this.allocated_storage == 20 && aws_db_instance.this.max_allocated_storage == 1000
    error_message = "Storage starts at 20 GiB and may grow to 1000 GiB, as in the classic deployment."
  }

  assert {
    condition     = aws_db_instance.this.username == "administrator" && aws_db_instance.this.parameter_group_name == "default.postgres17"
    error_message = "Master user administrator and parameter group default.postgres17, as in the classic deployment."
  }

  assert {
    condition     = aws_ecs_task_definition.todo.cpu == "1024" && aws_ecs_task_definition.todo.memory == "2048"
    error_message = "The task has 1 vCPU and 2 GB, as in the classic deployment."
  }
}

run "a_snapshot_can_be_skipped" {
  command = plan

  variables {
    skip_final_snapshot = true
  }

  assert {
    condition     = aws_db_instance.this.skip_final_snapshot == true && aws_db_instance.this.final_snapshot_identifier == null
    error_message = "skip_final_snapshot = true deletes the database without a snapshot."
  }
}

run "database_reachable_only_from_the_tasks_on_5432" {
  command = plan

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.db_from_tasks.security_group_id == "sg-0db" &&
      aws_vpc_security_group_ingress_rule.db_from_tasks.referenced_security_group_id == "sg-0tasks"
    )
    error_message = "The database rule must admit the tasks' security group."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.db_from_tasks.from_port == 5432 &&
      aws_vpc_security_group_ingress_rule.db_from_tasks.to_port == 5432 &&
      aws_vpc_security_group_ingress_rule.db_from_tasks.ip_protocol == "tcp"
    )
    error_message = "Only TCP 5432 may be open on the database."
  }

  assert {
    condition = (
      aws_vpc_security_group_ingress_rule.db_from_tasks.cidr_ipv4 == null &&
      aws_vpc_security_group_ingress_rule.db_from_tasks.cidr_ipv6 == null
    )
    error_message = "No CIDR (and so not 0.0.0.0/0) may reach the database."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.tasks_from_alb[0].referenced_security_group_id == "sg-0alb" && length(aws_vpc_security_group_ingress_rule.tasks_direct) == 0
    error_message = "With a load balancer the tasks accept traffic from it only."
  }
}

run "no_plaintext_password_anywhere" {
  command = plan

  assert {
    condition     = aws_db_instance.this.password == null && aws_db_instance.this.password_wo == null
    error_message = "No password may be planned (password_wo is write-only and always null in plan)."
  }

  assert {
    condition     = aws_db_instance.this.password_wo_version == 1 && aws_secretsmanager_secret_version.database_uri.secret_string_wo_version == 1
    error_message = "The database password and the URI secret are written together, at the same version."
  }

  assert {
    condition     = aws_secretsmanager_secret_version.database_uri.secret_string == null
    error_message = "The URI secret must be written through the write-only argument only."
  }

  assert {
    condition = alltrue([
      for env in jsondecode(aws_ecs_task_definition.todo.container_definitions)[0].environment :
      !contains(["SQLALCHEMY_DATABASE_URI", "DATABASE_URL"], env.name) && !strcontains(env.value, "://")
    ])
    error_message = "The database URI must not be a plain environment variable."
  }

  assert {
    condition = jsondecode(aws_ecs_task_definition.todo.container_definitions)[0].secrets == [{
      name      = "SQLALCHEMY_DATABASE_URI"
      valueFrom = "arn:aws:secretsmanager:us-east-1:111122223333:secret:taskoverflow-baseline/database-uri-abc"
    }]
    error_message = "ECS must inject SQLALCHEMY_DATABASE_URI from the Secrets Manager secret."
  }
}

run "supplied_password_is_not_planned_either" {
  command = plan

  variables {
    db_password = "Correct-Horse-Battery-Staple-42"
  }

  assert {
    condition     = aws_db_instance.this.password == null && aws_db_instance.this.password_wo == null
    error_message = "A supplied password must only reach the write-only argument."
  }
}

run "password_breaking_rds_rules_is_refused" {
  command = plan

  variables {
    db_password = "contains/a-slash-and@sign"
  }

  expect_failures = [var.db_password]
}

run "password_rotation_rolls_the_tasks" {
  command = plan

  variables {
    db_password_version = 2
  }

  assert {
    condition     = aws_db_instance.this.password_wo_version == 2 && aws_secretsmanager_secret_version.database_uri.secret_string_wo_version == 2
    error_message = "A rotation must rewrite the password and the URI together."
  }

  assert {
    condition = contains(
      jsondecode(aws_ecs_task_definition.todo.container_definitions)[0].environment,
      { name = "TASKOVERFLOW_DB_CREDENTIALS_VERSION", value = "2" },
    )
    error_message = "A rotation must produce a new task definition revision."
  }
}

run "fargate_service_runs_the_todo_image_on_6400" {
  command = plan

  assert {
    condition     = aws_ecs_task_definition.todo.requires_compatibilities == toset(["FARGATE"]) && aws_ecs_service.todo.launch_type == "FARGATE"
    error_message = "The service runs on Fargate."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.todo.container_definitions)[0].image == "111122223333.dkr.ecr.us-east-1.amazonaws.com/taskoverflow-todo:0123456789ab"
    error_message = "The container must run todo_image."
  }

  assert {
    condition     = jsondecode(aws_ecs_task_definition.todo.container_definitions)[0].portMappings[0].containerPort == 6400
    error_message = "The container listens on 6400."
  }

  assert {
    condition     = aws_lb_target_group.todo[0].health_check[0].path == "/api/v1/health" && aws_lb_target_group.todo[0].port == 6400
    error_message = "The load balancer checks /api/v1/health on 6400."
  }

  assert {
    condition = jsondecode(aws_ecs_task_definition.todo.container_definitions)[0].logConfiguration == {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/taskoverflow-baseline"
        awslogs-region        = "us-east-1"
        awslogs-stream-prefix = "todo"
      }
    }
    error_message = "Logs go to the CloudWatch log group."
  }

  assert {
    condition     = aws_cloudwatch_log_group.todo.retention_in_days == 7
    error_message = "The log group must have a retention."
  }
}

run "roles_default_to_labrole" {
  command = plan

  assert {
    condition = (
      aws_ecs_task_definition.todo.execution_role_arn == "arn:aws:iam::111122223333:role/LabRole" &&
      aws_ecs_task_definition.todo.task_role_arn == "arn:aws:iam::111122223333:role/LabRole"
    )
    error_message = "Execution and task role must default to the LabRole lookup."
  }
}

run "without_load_balancer_tasks_take_allowed_cidrs" {
  command = plan

  variables {
    create_load_balancer = false
    allowed_cidrs        = ["203.0.113.0/24"]
  }

  assert {
    condition     = length(aws_lb.this) == 0 && length(aws_ecs_service.todo.load_balancer) == 0
    error_message = "No load balancer was asked for."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.tasks_direct["203.0.113.0/24"].from_port == 6400
    error_message = "Tasks accept 6400 from allowed_cidrs."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.db_from_tasks.referenced_security_group_id == "sg-0tasks"
    error_message = "The database still admits the tasks only."
  }
}

run "missing_role_stops_the_plan" {
  command = plan

  override_data {
    target = data.aws_iam_roles.fallback[0]
    values = {
      arns = []
    }
  }

  expect_failures = [aws_ecs_task_definition.todo]
}

# Moving the database onto the operator: the owner's consent tag and the EKS nodes' access.

run "no_adoption_consent_and_no_other_client_by_default" {
  command = plan

  assert {
    condition     = try(aws_db_instance.this.tags["taskoverflow.io/adoptable-by"], null) == null
    error_message = "Without db_adoptable_by the instance must carry no adoption consent."
  }

  assert {
    condition     = length(aws_vpc_security_group_ingress_rule.db_from_clients) == 0
    error_message = "Without db_client_security_group_ids only the tasks may reach the database."
  }

  assert {
    condition     = output.db_security_group_id == "sg-0db"
    error_message = "db_security_group_id must be the database's security group."
  }
}

run "adoption_consent_tags_the_database_for_one_taskoverflow" {
  command = plan

  variables {
    db_adoptable_by = "team-a/todo"
  }

  assert {
    condition     = aws_db_instance.this.tags == tomap({ "taskoverflow.io/adoptable-by" = "team-a/todo" })
    error_message = "The instance must carry taskoverflow.io/adoptable-by = team-a/todo and no other tag of its own."
  }
}

run "adoption_consent_takes_a_dotted_name_and_a_63_character_namespace" {
  command = plan

  variables {
    db_adoptable_by = "n23456789012345678901234567890123456789012345678901234567890123/todo.v2"
  }

  assert {
    condition     = aws_db_instance.this.tags["taskoverflow.io/adoptable-by"] == var.db_adoptable_by
    error_message = "A DNS-1123 label namespace and a DNS-1123 subdomain name must be accepted."
  }
}

# The message itself is checked by tests/messages/, which scripts/test-terraform.sh runs.
run "adoption_consent_without_a_name_is_refused" {
  command = plan

  variables {
    db_adoptable_by = "team-a"
  }

  expect_failures = [var.db_adoptable_by]
}

run "adoption_consent_in_capitals_is_refused" {
  command = plan

  variables {
    db_adoptable_by = "Team-A/todo"
  }

  expect_failures = [var.db_adoptable_by]
}

run "adoption_consent_with_a_64_character_namespace_is_refused" {
  command = plan

  variables {
    db_adoptable_by = "n234567890123456789012345678901234567890123456789012345678901234/todo"
  }

  expect_failures = [var.db_adoptable_by]
}

run "client_security_groups_each_get_5432_on_the_database" {
  command = plan

  variables {
    db_client_security_group_ids = ["sg-0123456789abcdef0", "sg-89abcdef"]
  }

  assert {
    condition = {
      for id, rule in aws_vpc_security_group_ingress_rule.db_from_clients :
      id => [rule.security_group_id, rule.referenced_security_group_id, rule.ip_protocol, rule.from_port, rule.to_port]
      } == {
      "sg-0123456789abcdef0" = ["sg-0db", "sg-0123456789abcdef0", "tcp", 5432, 5432]
      "sg-89abcdef"          = ["sg-0db", "sg-89abcdef", "tcp", 5432, 5432]
    }
    error_message = "Each client security group must get one rule admitting it to TCP 5432 of the database."
  }

  assert {
    condition     = alltrue([for rule in aws_vpc_security_group_ingress_rule.db_from_clients : rule.cidr_ipv4 == null && rule.cidr_ipv6 == null])
    error_message = "No CIDR may reach the database."
  }

  assert {
    condition     = aws_vpc_security_group_ingress_rule.db_from_tasks.referenced_security_group_id == "sg-0tasks"
    error_message = "The tasks keep their own rule."
  }
}

run "client_security_group_ids_are_checked" {
  command = plan

  variables {
    db_client_security_group_ids = ["0123456789abcdef0"]
  }

  expect_failures = [var.db_client_security_group_ids]
}
