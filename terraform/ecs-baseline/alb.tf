resource "aws_lb" "this" {
  #checkov:skip=CKV2_AWS_20:HTTP only: the baseline has no domain or certificate (Learner Lab cannot issue one); add an HTTPS listener with an ACM certificate for real use
  #checkov:skip=CKV2_AWS_28:WAF costs more than the whole baseline; a todo demo behind an ALB does not need it
  #checkov:skip=CKV_AWS_150:the baseline is meant to be destroyed with terraform destroy after a lab session
  #checkov:skip=CKV_AWS_91:access logs need an S3 bucket with a bucket policy for the ELB account; left out of a minimal baseline
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
  #checkov:skip=CKV_AWS_378:the ALB reaches the tasks inside the VPC; the app serves plain HTTP on port 6400
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
  #checkov:skip=CKV_AWS_2:no certificate available (see aws_lb.this); HTTP only
  #checkov:skip=CKV_AWS_103:no TLS listener, so no TLS policy to set
  count = var.create_load_balancer ? 1 : 0

  load_balancer_arn = aws_lb.this[0].arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.todo[0].arn
  }
}
