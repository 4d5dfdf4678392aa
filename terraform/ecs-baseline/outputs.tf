output "url" {
  description = "Where the application answers (the load balancer), or null without one."
  value       = var.create_load_balancer ? "http://${aws_lb.this[0].dns_name}" : null
}

output "health_check_command" {
  description = "Command that checks the application through the load balancer."
  value       = var.create_load_balancer ? "curl -fsS http://${aws_lb.this[0].dns_name}/api/v1/health" : null
}

output "ecs_cluster_name" {
  description = "Name of the ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "ecs_service_name" {
  description = "Name of the ECS service running the application."
  value       = aws_ecs_service.todo.name
}

output "log_group_name" {
  description = "CloudWatch log group of the application."
  value       = aws_cloudwatch_log_group.todo.name
}

output "db_instance_identifier" {
  description = "Identifier of the RDS instance."
  value       = aws_db_instance.this.identifier
}

output "db_name" {
  description = "Name of the application database (a TaskOverflow that adopts the instance names it in database.name)."
  value       = aws_db_instance.this.db_name
}

output "db_address" {
  description = "Host name of the database (reachable from the tasks only)."
  value       = aws_db_instance.this.address
}

output "db_subnet_group_name" {
  description = "DB subnet group of the instance; it stays with the instance when the operator adopts it."
  value       = aws_db_subnet_group.this.name
}

output "db_security_group_id" {
  description = "Security group of the instance (5432 from the tasks and db_client_security_group_ids); it stays with the instance when the operator adopts it."
  value       = aws_security_group.db.id
}

output "database_uri_secret_arn" {
  description = "Secrets Manager secret holding SQLALCHEMY_DATABASE_URI (read it with aws secretsmanager get-secret-value)."
  value       = aws_secretsmanager_secret.database_uri.arn
}

output "security_group_ids" {
  description = "Security groups by role: load balancer, tasks, database."
  value = {
    alb   = try(aws_security_group.alb[0].id, null)
    tasks = aws_security_group.tasks.id
    db    = aws_security_group.db.id
  }
}
