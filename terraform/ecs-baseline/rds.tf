resource "aws_db_subnet_group" "this" {
  name_prefix = "${local.name}-"
  description = "Subnets of the TaskOverflow baseline database"
  subnet_ids  = local.subnet_ids
}

resource "aws_db_instance" "this" {
  #checkov:skip=CKV2_AWS_30:query logging needs a custom parameter group; the baseline keeps default.postgres17 like the deployment it replaces
  #checkov:skip=CKV_AWS_118:enhanced monitoring needs an IAM monitoring role, which Learner Lab accounts cannot create
  #checkov:skip=CKV_AWS_129:exported PostgreSQL logs go to a log group RDS creates without retention; left off to keep the baseline's cost fixed
  #checkov:skip=CKV_AWS_157:single-AZ db.t3.micro is the baseline's shape; var.db_multi_az turns Multi-AZ on
  #checkov:skip=CKV_AWS_161:the app authenticates with a password from Secrets Manager; IAM database authentication would need token refresh in the app
  #checkov:skip=CKV_AWS_293:var.deletion_protection turns it on; off by default so a lab can be destroyed, and the final snapshot (kept by default) keeps the data
  #checkov:skip=CKV_AWS_353:Performance Insights is not part of the baseline; turn it on for production
  # A prefix, not a fixed identifier: a changed prefix replaces the instance instead of renaming
  # it, and a new instance always gets a fresh password together with a rewritten URI secret
  # (see secrets.tf).
  identifier_prefix = "${local.name}-"

  engine                     = "postgres"
  engine_version             = var.db_engine_version
  auto_minor_version_upgrade = true
  instance_class             = var.db_instance_class
  allocated_storage          = var.db_allocated_storage
  max_allocated_storage      = var.db_max_allocated_storage
  storage_type               = "gp3"
  storage_encrypted          = true
  multi_az                   = var.db_multi_az
  parameter_group_name       = "default.postgres${split(".", var.db_engine_version)[0]}"

  db_name             = var.db_name
  username            = var.db_username
  password_wo         = local.db_password
  password_wo_version = var.db_password_version
  port                = local.db_port

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [aws_security_group.db.id]
  publicly_accessible    = false

  # The owner's consent to one adoption by the operator. The operator removes it, and tags the
  # instance as its own, once it has adopted the instance: an apply after that would undo both,
  # so the instance leaves this state first (README, "Moving the database onto the operator").
  tags = var.db_adoptable_by == null ? null : { "taskoverflow.io/adoptable-by" = var.db_adoptable_by }

  backup_retention_period   = var.db_backup_retention_days
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = var.skip_final_snapshot
  final_snapshot_identifier = var.skip_final_snapshot ? null : "${local.name}-final"
}
