# RDS PostgreSQL: encrypted, private, backed up. The master credentials are generated here and kept in Secrets
# Manager; the dashboard's tasks get them injected by ECS, the Lambdas read the secret when they start.

locals {
  database = "flytrap"
  username = "flytrap"
}

# Letters and digits only: the password lands in a JSON secret and JDBC settings, where quoting mistakes
# with special characters are easy to make; 32 alphanumerics are about 190 bits.
resource "random_password" "master" {
  length  = 32
  special = false
}

# The suffix keeps a second final snapshot (after a re-create under the same name) from colliding with the first.
resource "random_id" "final_snapshot" {
  byte_length = 4
}

resource "aws_db_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
  tags       = var.tags
}

# Created before the instance: with log exports on, RDS otherwise creates this group itself, without retention,
# and keeps the log forever (and Terraform could then not create it: ResourceAlreadyExistsException).
resource "aws_cloudwatch_log_group" "postgresql" {
  name              = "/aws/rds/instance/${var.name}/postgresql"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_db_instance" "this" {
  identifier     = var.name
  engine         = "postgres"
  engine_version = var.engine_version
  instance_class = var.instance_class

  allocated_storage     = var.allocated_storage_gb
  max_allocated_storage = var.max_allocated_storage_gb
  storage_type          = "gp3"
  storage_encrypted     = true

  db_name  = local.database
  username = local.username
  password = random_password.master.result
  port     = 5432

  db_subnet_group_name   = aws_db_subnet_group.this.name
  vpc_security_group_ids = [var.security_group_id]
  publicly_accessible    = false
  multi_az               = var.multi_az

  backup_retention_period   = var.backup_retention_days
  copy_tags_to_snapshot     = true
  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = false
  final_snapshot_identifier = "${var.name}-final-${random_id.final_snapshot.hex}"

  auto_minor_version_upgrade = true
  # Changes wait for the maintenance window instead of restarting the database in the middle of an apply.
  apply_immediately = false

  enabled_cloudwatch_logs_exports = ["postgresql"]

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.postgresql]
}

resource "aws_secretsmanager_secret" "credentials" {
  name                    = "${var.name}/database"
  description             = "Flytrap PostgreSQL credentials (username, password, host, port, dbname)"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "credentials" {
  secret_id = aws_secretsmanager_secret.credentials.id
  secret_string = jsonencode({
    username = local.username
    password = random_password.master.result
    host     = aws_db_instance.this.address
    port     = aws_db_instance.this.port
    dbname   = local.database
  })
}

# ---------------------------------------------------------------------------------------------------------------
# Alarms: the three ways the database stops Flytrap — out of CPU (burstable classes: credits spent), out of
# storage, out of connections.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "cpu" {
  alarm_name          = "${var.name}-db-cpu"
  alarm_description   = "RDS ${var.name}: CPU above ${var.cpu_alarm_percent}% for 15 minutes. On a t4g class check CPUCreditBalance; consider a larger class (docs/deploy-aws.md, Sizing)."
  namespace           = "AWS/RDS"
  metric_name         = "CPUUtilization"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.this.identifier }
  statistic           = "Average"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.cpu_alarm_percent
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "free_storage" {
  alarm_name          = "${var.name}-db-free-storage"
  alarm_description   = "RDS ${var.name}: less than ${var.free_storage_alarm_bytes} bytes of storage free. Raise max_allocated_storage_gb or shorten retention."
  namespace           = "AWS/RDS"
  metric_name         = "FreeStorageSpace"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.this.identifier }
  statistic           = "Minimum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "LessThanThreshold"
  threshold           = var.free_storage_alarm_bytes
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "connections" {
  alarm_name          = "${var.name}-db-connections"
  alarm_description   = "RDS ${var.name}: more than ${var.connections_alarm_threshold} connections, above the budget the concurrency settings were sized for. Lower Lambda concurrency or move to a larger class."
  namespace           = "AWS/RDS"
  metric_name         = "DatabaseConnections"
  dimensions          = { DBInstanceIdentifier = aws_db_instance.this.identifier }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.connections_alarm_threshold
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}
