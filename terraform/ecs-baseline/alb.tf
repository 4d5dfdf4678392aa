resource "aws_lb" "this" {
  count = var.create_load_balancer ? 1 : 0

  name_prefix                = "to-" # at most 6 characters; the rest is generated
  load_balancer_type         = "application"
  internal                   = false
  security_groups            = [aws_security_group.alb[0].id]
  subnets                    = local.subnet_ids
  drop_invalid_header_fields = true
  tags                       = { Name = local.name }
}

resource "aws_lb_target_group" "todo" {
  count = var.create_load_balancer ? 1 : 0

  name_prefix          = "todo-"
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = local.app_port
  vpc_id               = local.vpc_id
  deregistration_delay = 30

  # Liveness only: /api/v1/health does not touch the database, so a database outage answers 503
  # on the API instead of making every task fail its health check and restart.
  health_check {
    path                = "/api/v1/health"
    port                = "traffic-port"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "http" {
  count = var.create_load_balancer ? 1 : 0

  load_balancer_arn = aws_lb.this[0].arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.todo[0].arn
  }
}
