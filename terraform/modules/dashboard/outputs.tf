output "url" {
  description = "Where users open the dashboard (FLYTRAP_PUBLIC_URL)."
  value       = local.public_url
}

output "load_balancer_dns_name" {
  description = "DNS name of the load balancer: point domain_name at it (CNAME or alias) unless route53_zone_id was given."
  value       = aws_lb.this.dns_name
}

output "admin_secret_arn" {
  description = "Secrets Manager secret with the first administrator's e-mail and password (aws secretsmanager get-secret-value --secret-id <arn>)."
  value       = aws_secretsmanager_secret.admin.arn
}

output "cluster_name" {
  description = "ECS cluster name."
  value       = aws_ecs_cluster.this.name
}

output "service_name" {
  description = "ECS service name (aws ecs update-service --force-new-deployment to restart)."
  value       = aws_ecs_service.this.name
}
