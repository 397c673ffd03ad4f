output "ingest_url" {
  description = "Base URL SDKs send to (native: <url>/api/errors; Sentry DSN: https://<publicKey>@<host>/<projectId>)."
  value       = local.custom_domain ? "https://${var.ingest_domain_name}" : trimsuffix(aws_apigatewayv2_stage.ingest.invoke_url, "/")
}

output "ingest_host" {
  description = "Host part of ingest_url, the host in every DSN."
  value       = local.custom_domain ? var.ingest_domain_name : trimsuffix(trimprefix(aws_apigatewayv2_stage.ingest.invoke_url, "https://"), "/")
}

output "ingest_domain_target" {
  description = "With a custom ingest domain: the regional API Gateway host and hosted zone to point a DNS alias (or CNAME) at; null otherwise."
  value = local.custom_domain ? {
    target_domain_name = aws_apigatewayv2_domain_name.ingest[0].domain_name_configuration[0].target_domain_name
    hosted_zone_id     = aws_apigatewayv2_domain_name.ingest[0].domain_name_configuration[0].hosted_zone_id
  } : null
}

output "ingest_function_name" {
  description = "Name of the ingest function."
  value       = aws_lambda_function.ingest.function_name
}

output "process_function_name" {
  description = "Name of the process function."
  value       = aws_lambda_function.process.function_name
}

output "published_versions" {
  description = "Function versions the live aliases point at (new ones are published when the jar or settings change)."
  value = {
    ingest  = aws_lambda_alias.ingest.function_version
    process = aws_lambda_alias.process.function_version
  }
}
