# The default VPC unless vpc_id is given; its default subnets in zones that Fargate and RDS serve.

data "aws_vpc" "selected" {
  id      = var.vpc_id
  default = var.vpc_id == null ? true : null
}

data "aws_availability_zones" "usable" {
  #checkov:skip=CKV_AWS_394:a new zone only adds candidate subnets; the default subnets that are used are picked from the VPC and var.excluded_zone_ids removes zones
  state            = "available"
  exclude_zone_ids = var.excluded_zone_ids

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

data "aws_subnets" "selected" {
  count = length(var.subnet_ids) == 0 ? 1 : 0

  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.selected.id]
  }

  filter {
    name   = "availability-zone"
    values = data.aws_availability_zones.usable.names
  }

  dynamic "filter" {
    for_each = data.aws_vpc.selected.default ? [1] : []
    content {
      name   = "default-for-az"
      values = ["true"]
    }
  }
}

locals {
  vpc_id     = data.aws_vpc.selected.id
  subnet_ids = length(var.subnet_ids) > 0 ? var.subnet_ids : sort(data.aws_subnets.selected[0].ids)
}

# Who may talk to whom: internet -> load balancer :80 -> tasks :6400 -> database :5432.
# The database accepts nothing else (but db_client_security_group_ids), and nothing reaches the
# tasks except through the load balancer (or from allowed_cidrs when there is no load balancer).

resource "aws_security_group" "alb" {
  count = var.create_load_balancer ? 1 : 0

  name_prefix = "${local.name}-alb-"
  description = "TaskOverflow load balancer: HTTP from allowed_cidrs, to the tasks only"
  vpc_id      = local.vpc_id
  tags        = { Name = "${local.name}-alb" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb_http" {
  for_each = var.create_load_balancer ? toset(var.allowed_cidrs) : toset([])

  security_group_id = aws_security_group.alb[0].id
  description       = "HTTP from ${each.value}"
  ip_protocol       = "tcp"
  from_port         = 80
  to_port           = 80
  cidr_ipv4         = each.value
}

resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  count = var.create_load_balancer ? 1 : 0

  security_group_id            = aws_security_group.alb[0].id
  description                  = "To the TaskOverflow tasks"
  ip_protocol                  = "tcp"
  from_port                    = local.app_port
  to_port                      = local.app_port
  referenced_security_group_id = aws_security_group.tasks.id
}

resource "aws_security_group" "tasks" {
  name_prefix = "${local.name}-tasks-"
  description = "TaskOverflow ECS tasks"
  vpc_id      = local.vpc_id
  tags        = { Name = "${local.name}-tasks" }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  count = var.create_load_balancer ? 1 : 0

  security_group_id            = aws_security_group.tasks.id
  description                  = "TaskOverflow API from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = local.app_port
  to_port                      = local.app_port
  referenced_security_group_id = aws_security_group.alb[0].id
}

resource "aws_vpc_security_group_ingress_rule" "tasks_direct" {
  for_each = var.create_load_balancer ? toset([]) : toset(var.allowed_cidrs)

  security_group_id = aws_security_group.tasks.id
  description       = "TaskOverflow API from ${each.value} (no load balancer)"
  ip_protocol       = "tcp"
  from_port         = local.app_port
  to_port           = local.app_port
  cidr_ipv4         = each.value
}

# HTTPS out: ECR and its S3 layers, Secrets Manager, CloudWatch Logs (no NAT or endpoints needed
# with a public IP).
resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  security_group_id = aws_security_group.tasks.id
  description       = "AWS APIs and image layers"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_vpc_security_group_egress_rule" "tasks_to_db" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "PostgreSQL"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.db.id
}

resource "aws_security_group" "db" {
  name_prefix = "${local.name}-db-"
  description = "TaskOverflow PostgreSQL: 5432 from the ECS tasks only"
  vpc_id      = local.vpc_id
  tags        = { Name = "${local.name}-db" }

  lifecycle {
    create_before_destroy = true
  }
}

# The database's rules: from the tasks, and from db_client_security_group_ids (no egress rules:
# replies to allowed connections need none).
resource "aws_vpc_security_group_ingress_rule" "db_from_tasks" {
  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from the TaskOverflow tasks"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = aws_security_group.tasks.id
}

# Clients of the database from outside this root, e.g. the EKS nodes whose operator is to adopt it.
# Unlike db_from_tasks, these rules outlive the ECS deployment with the instance and its group.
resource "aws_vpc_security_group_ingress_rule" "db_from_clients" {
  for_each = toset(var.db_client_security_group_ids)

  security_group_id            = aws_security_group.db.id
  description                  = "PostgreSQL from ${each.value}"
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
  referenced_security_group_id = each.value
}
