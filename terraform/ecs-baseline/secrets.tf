# The application reads one setting, SQLALCHEMY_DATABASE_URI, holding the whole URI with the
# password in it. So the URI itself is the secret, and neither plan nor state holds either:
#
#   - the password goes to RDS through the write-only argument password_wo;
#   - in the same apply, the URI built from it is written through the write-only
#     secret_string_wo of a Secrets Manager secret;
#   - ECS injects that secret as SQLALCHEMY_DATABASE_URI when a task starts.
#
# Both writes happen together, and only when the instance is created or replaced, or when
# db_password_version changes (rotation).
#
# Not chosen: RDS-managed master passwords (manage_master_user_password). RDS keeps them in a
# secret of its own as JSON {username, password} and rotates them on its own schedule, while the
# app accepts only a complete URI: the task would need a shell wrapper to assemble and
# percent-encode it, and every rotation would break running tasks until they restart.

locals {
  # The password is var.db_password when given, else 64 hex digits from two uuid() calls
  # (random UUIDs drawn from crypto/rand, 244 random bits). The conditional on the ephemeral
  # variable makes the result ephemeral too, so Terraform refuses to let it into anything that
  # is persisted: it can only reach write-only arguments.
  # (The AWS provider's ephemeral aws_secretsmanager_random_password would serve as well, but the
  # mock providers of `terraform test` reject ephemeral resources, which would leave this root
  # without offline tests.)
  db_password = var.db_password != null ? var.db_password : "${replace(uuid(), "-", "")}${replace(uuid(), "-", "")}"
}

resource "aws_secretsmanager_secret" "database_uri" {
  #checkov:skip=CKV2_AWS_57:rotation is db_password_version (a Lambda rotation would need to rewrite the whole URI); see the comment above
  #checkov:skip=CKV_AWS_149:encrypted with the AWS-managed key aws/secretsmanager; a customer-managed key adds cost and a key policy for no gain here
  name_prefix             = "${local.name}/database-uri-"
  description             = "SQLALCHEMY_DATABASE_URI of the TaskOverflow ECS service (written by Terraform through a write-only argument)"
  recovery_window_in_days = var.secret_recovery_window_days
}

resource "aws_secretsmanager_secret_version" "database_uri" {
  secret_id = aws_secretsmanager_secret.database_uri.id
  secret_string_wo = format(
    "postgresql://%s:%s@%s:%d/%s?sslmode=require",
    var.db_username,
    urlencode(local.db_password),
    aws_db_instance.this.address,
    aws_db_instance.this.port,
    var.db_name,
  )
  secret_string_wo_version = var.db_password_version

  lifecycle {
    # A replaced instance was created with this apply's password: rewrite the URI with it.
    replace_triggered_by = [aws_db_instance.this.resource_id]
  }
}
