output "ingest_url" {
  description = "Where SDKs send events: the native endpoint is <ingest_url>/api/errors."
  value       = module.lambdas.ingest_url
}

output "dsn_template" {
  description = "Sentry-style DSN for SDKs: replace <publicKey> and <projectId> with a project's key and id from the dashboard."
  value       = "https://<publicKey>@${module.lambdas.ingest_host}/<projectId>"
}

output "dashboard_url" {
  description = "The dashboard (FLYTRAP_PUBLIC_URL). Point domain_name at load_balancer_dns_name unless route53_zone_id was given."
  value       = module.dashboard.url
}

output "load_balancer_dns_name" {
  description = "DNS name of the dashboard's load balancer."
  value       = module.dashboard.load_balancer_dns_name
}

output "ingest_domain_target" {
  description = "With ingest_domain_name: where its DNS record must point (done for you with route53_zone_id)."
  value       = module.lambdas.ingest_domain_target
}

output "bucket_name" {
  description = "Private bucket: claim checks, source maps, the Lambda jar."
  value       = module.storage.bucket_name
}

output "queue_url" {
  description = "Event queue."
  value       = module.queue.queue_url
}

output "dlq_url" {
  description = "Dead-letter queue (redrive from the SQS console after fixing the cause)."
  value       = module.queue.dlq_url
}

output "admin_secret_arn" {
  description = "First administrator's e-mail and password: aws secretsmanager get-secret-value --secret-id <arn> --query SecretString."
  value       = module.dashboard.admin_secret_arn
}

output "database_secret_arn" {
  description = "Database credentials (JSON)."
  value       = module.database.secret_arn
}

output "database_instance" {
  description = "RDS instance identifier, for manual snapshots before upgrades."
  value       = module.database.instance_identifier
}

output "nat_public_ip" {
  description = "Address webhook targets see (null without a NAT gateway)."
  value       = module.network.nat_public_ip
}

output "alarm_topic_arn" {
  description = "SNS topic every operational alarm publishes to; subscribe further endpoints (chat, paging) to it."
  value       = aws_sns_topic.alarms.arn
}
