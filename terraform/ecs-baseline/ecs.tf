resource "aws_cloudwatch_log_group" "todo" {
  #checkov:skip=CKV_AWS_158:CloudWatch Logs encrypts at rest with its own key; a customer-managed KMS key adds cost and a key policy for no gain here
  #checkov:skip=CKV_AWS_338:retention is var.log_retention_days; a year of logs of a lab deployment is cost without use
  name              = "/ecs/${local.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_cluster" "this" {
  #checkov:skip=CKV_AWS_65:Container Insights is billed per metric; var.container_insights turns it on
  name = local.name

  setting {
    name  = "containerInsights"
    value = var.container_insights ? "enabled" : "disabled"
  }
}

resource "aws_ecs_task_definition" "todo" {
  family                   = local.name
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.task_cpu
  memory                   = var.task_memory
  execution_role_arn       = local.execution_role_arn
  task_role_arn            = local.task_role_arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([{
    name      = local.container_name
    image     = var.todo_image
    essential = true

    portMappings = [{
      containerPort = local.app_port
      protocol      = "tcp"
    }]

    # Resolved by ECS (with the execution role) when a task starts; the value never appears in
    # the task definition.
    secrets = [{
      name      = "SQLALCHEMY_DATABASE_URI"
      valueFrom = aws_secretsmanager_secret.database_uri.arn
    }]

    # Not read by the app: a new value makes a new task definition revision, so a password
    # rotation (db_password_version) also rolls the tasks onto the new URI.
    environment = [{
      name  = "TASKOVERFLOW_DB_CREDENTIALS_VERSION"
      value = tostring(var.db_password_version)
    }]

    healthCheck = var.container_health_check_command == null ? null : {
      command     = var.container_health_check_command
      interval    = 30
      timeout     = 5
      retries     = 3
      startPeriod = 60
    }

    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.todo.name
        awslogs-region        = data.aws_region.current.name
        awslogs-stream-prefix = local.container_name
      }
    }
  }])

  lifecycle {
    precondition {
      condition     = local.execution_role_arn != null
      error_message = format(local.missing_role_message, "execution_role_arn", "pull from ECR, write CloudWatch Logs, read the database URI secret")
    }

    precondition {
      condition     = local.task_role_arn != null
      error_message = format(local.missing_role_message, "task_role_arn", "the app itself calls no AWS API; any assumable role will do")
    }
  }
}

resource "aws_ecs_service" "todo" {
  #checkov:skip=CKV_AWS_333:the default VPC has no NAT gateway, so tasks need a public IP to pull the image and read the secret; var.assign_public_ip=false with private subnets and NAT or VPC endpoints; the tasks' security group admits only port 6400
  name                              = "todo"
  cluster                           = aws_ecs_cluster.this.id
  task_definition                   = aws_ecs_task_definition.todo.arn
  desired_count                     = var.desired_count
  launch_type                       = "FARGATE"
  health_check_grace_period_seconds = var.create_load_balancer ? 120 : null
  propagate_tags                    = "SERVICE"

  network_configuration {
    subnets          = local.subnet_ids
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = var.assign_public_ip
  }

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  dynamic "load_balancer" {
    for_each = var.create_load_balancer ? [1] : []
    content {
      target_group_arn = aws_lb_target_group.todo[0].arn
      container_name   = local.container_name
      container_port   = local.app_port
    }
  }

  # Tasks started before the URI exists would fail to start.
  depends_on = [aws_secretsmanager_secret_version.database_uri, aws_lb_listener.http]
}
