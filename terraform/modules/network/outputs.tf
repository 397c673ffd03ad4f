output "vpc_id" {
  description = "ID of the dedicated VPC."
  value       = aws_vpc.this.id
}

output "public_subnet_ids" {
  description = "Public subnets (the load balancer only)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "Private subnets (Lambdas, dashboard tasks, database)."
  value       = aws_subnet.private[*].id
}

output "alb_security_group_id" {
  description = "Security group of the dashboard load balancer."
  value       = aws_security_group.alb.id
}

output "dashboard_security_group_id" {
  description = "Security group of the dashboard tasks."
  value       = aws_security_group.dashboard.id
}

output "lambdas_security_group_id" {
  description = "Security group of the ingest and process Lambdas."
  value       = aws_security_group.lambdas.id
}

output "database_security_group_id" {
  description = "Security group of the database."
  value       = aws_security_group.database.id
}

output "nat_public_ip" {
  description = "The NAT gateway's public address (what webhook targets see), or null without a NAT."
  value       = var.enable_nat_gateway ? aws_eip.nat[0].public_ip : null
}
