output "jdbc_url" {
  description = "JDBC URL for FLYTRAP_DB_URL. TLS is required (RDS for PostgreSQL 15+ enforces it by default)."
  # require, not verify-full: encrypted but the server certificate is not checked, because neither the Lambda jar
  # nor the dashboard image carries the RDS CA bundle. Traffic stays inside the VPC (docs/deploy-aws.md).
  value = "jdbc:postgresql://${aws_db_instance.this.address}:${aws_db_instance.this.port}/${local.database}?sslmode=require"
}

output "username" {
  description = "Master user name (FLYTRAP_DB_USER)."
  value       = local.username
}

output "secret_version_id" {
  description = "Version id of the credentials secret's current value; it changes with the password, so functions that snapshot the password can be republished."
  value       = aws_secretsmanager_secret_version.credentials.version_id
}

output "secret_arn" {
  description = "ARN of the Secrets Manager secret holding the credentials as JSON (keys username, password, host, port, dbname)."
  value       = aws_secretsmanager_secret.credentials.arn
}

output "address" {
  description = "Host name of the database."
  value       = aws_db_instance.this.address
}

output "instance_identifier" {
  description = "RDS instance identifier (for snapshots: aws rds create-db-snapshot --db-instance-identifier ...)."
  value       = aws_db_instance.this.identifier
}
