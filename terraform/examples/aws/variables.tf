variable "region" {
  type        = string
  description = "AWS region for the whole stack, e.g. eu-west-1."
}

variable "name" {
  type        = string
  description = "Name prefix of every resource; change it to run a second Flytrap in the same account."
  default     = "flytrap"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name must be 2-21 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "domain_name" {
  type        = string
  description = "Host name of the dashboard, e.g. errors.example.com."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate for domain_name in this region (HTTPS on the load balancer). Required unless allow_http is true."
  default     = null
}

variable "allow_http" {
  type        = bool
  description = "Serve the dashboard over plain HTTP instead of redirecting to HTTPS. Only for a first try or a private network."
  default     = false
}

variable "route53_zone_id" {
  type        = string
  description = "Optional Route 53 hosted zone in which to create domain_name (and ingest_domain_name)."
  default     = null
}

variable "dashboard_image" {
  type        = string
  description = "Dashboard image pushed to ECR, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/flytrap-dashboard@sha256:<digest printed by scripts/push-images.sh>."
}

variable "functions_jar" {
  type        = string
  description = "Path of the Lambda jar, functions/target/flytrap-functions-<version>-aws.jar, relative to this directory or absolute."
}

variable "admin_email" {
  type        = string
  description = "E-mail of the first administrator."
}

variable "admin_password" {
  type        = string
  description = "First administrator's password (10+ characters). Leave unset to have one generated into Secrets Manager (recommended: nothing to type, nothing in shell history)."
  sensitive   = true
  default     = null
}

variable "bucket_name" {
  type        = string
  description = "Name of the private bucket. Defaults to <name>-<account id>-<region>, which is unique."
  default     = null
}

variable "alarm_email" {
  type        = string
  description = "Optional address subscribed to the alarm topic (Lambda errors and throttles, queue age, dead letters, database CPU, storage and connections, load balancer 5xx). Confirm the subscription e-mail AWS sends; until then nothing is delivered."
  default     = null
}

variable "enable_nat_gateway" {
  type        = bool
  description = "Internet egress for the private subnets. Needed for Slack, Discord and webhook alerts, SMTP outside AWS, or a dashboard image outside ECR; not for anything else."
  default     = false
}

variable "alb_ingress_cidrs" {
  type        = list(string)
  description = "Who may reach the dashboard (IPv4 ranges). SDK traffic goes to API Gateway and is not affected."
  default     = ["0.0.0.0/0"]
}

variable "sns_email_alerts" {
  type        = bool
  description = "E-mail alerts through one SNS topic per project (no SMTP server needed)."
  default     = true
}

variable "dashboard_environment" {
  type        = map(string)
  description = "Extra dashboard settings, e.g. SMTP (SPRING_MAIL_HOST, SPRING_MAIL_PORT, SPRING_MAIL_USERNAME, FLYTRAP_ALERTS_MAIL_FROM) when sns_email_alerts is false. No secrets here (they would be readable in the task definition): SPRING_MAIL_PASSWORD goes in dashboard_secrets."
  default     = {}

  validation {
    condition     = alltrue([for key in keys(var.dashboard_environment) : !can(regex("(?i)(PASSWORD|SECRET|TOKEN|CREDENTIAL)", key))])
    error_message = "dashboard_environment must not hold passwords, secrets or tokens: pass them in dashboard_secrets (Secrets Manager ARNs)."
  }
}

variable "dashboard_secrets" {
  type        = map(string)
  description = "Secret dashboard settings, injected by ECS from Secrets Manager: environment variable name -> full secret ARN, or ARN:json-key:: for one key of a JSON secret, e.g. { SPRING_MAIL_PASSWORD = \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:flytrap/smtp-AbCdEf:password::\" }. The dashboard's execution role may read exactly these secrets."
  default     = {}
}

variable "dashboard_desired_count" {
  type        = number
  description = "Dashboard tasks."
  default     = 1
}

variable "db_instance_class" {
  type        = string
  description = "RDS instance class; see docs/deploy-aws.md for sizing against Lambda concurrency."
  default     = "db.t4g.small"
}

variable "db_connection_budget" {
  type        = number
  description = "Database connections Flytrap may open at peak; keep it below the RDS class's max_connections minus a few for maintenance (about 200 for db.t4g.small, 400 for db.t4g.medium, 800 for db.t4g.large). terraform plan warns when the concurrency settings exceed it."
  default     = 150
}

variable "db_multi_az" {
  type        = bool
  description = "Standby database in a second zone."
  default     = false
}

variable "db_deletion_protection" {
  type        = bool
  description = "Refuse to delete the database. Set to false and apply before terraform destroy."
  default     = true
}

variable "db_backup_retention_days" {
  type        = number
  description = "Days of automated database backups."
  default     = 7
}

variable "process_timeout_seconds" {
  type        = number
  description = "Timeout of the process Lambda for one batch."
  default     = 60
}

variable "queue_visibility_timeout_seconds" {
  type        = number
  description = "Visibility timeout of the event queue; at least six times process_timeout_seconds."
  default     = 360
}

variable "max_receive_count" {
  type        = number
  description = "Deliveries before an event moves to the dead-letter queue (at least 5)."
  default     = 5
}

variable "process_max_concurrency" {
  type        = number
  description = "Concurrent process Lambdas at most."
  default     = 10
}

variable "ingest_reserved_concurrency" {
  type        = number
  description = "Optional hard cap on concurrent ingest Lambdas (reserved concurrency); null reserves nothing. At most the account's Lambda concurrency quota minus 100 (docs/deploy-aws.md, Quotas)."
  default     = null
}

variable "ingest_expected_concurrency" {
  type        = number
  description = "Ingest instances assumed at peak for the database connection estimate when ingest_reserved_concurrency is null (nothing then caps them but the API's throttling and the account's concurrency)."
  default     = 20
}

variable "ingest_domain_name" {
  type        = string
  description = "Optional custom domain for the ingest API, e.g. ingest.errors.example.com (then DSNs carry it)."
  default     = null
}

variable "ingest_certificate_arn" {
  type        = string
  description = "ACM certificate for ingest_domain_name in this region."
  default     = null
}

variable "lambda_architecture" {
  type        = string
  description = "x86_64 or arm64 for both Lambdas."
  default     = "x86_64"
}

variable "tags" {
  type        = map(string)
  description = "Tags for every resource, added to Application and Stack."
  default     = {}
}

variable "oidc_issuer" {
  type        = string
  description = "Single sign-on: the OpenID Connect provider's issuer URL (docs/sso.md); null: passwords only."
  default     = null
}

variable "oidc_client_id" {
  type        = string
  description = "Single sign-on: the client id registered at the provider (redirect URI <public URL>/login/oauth2/code/oidc)."
  default     = null
}

variable "oidc_client_secret_arn" {
  type        = string
  description = "Single sign-on: Secrets Manager ARN of the client secret; null for a public client."
  default     = null
}

variable "local_login" {
  type        = bool
  description = "false: SSO only, passwords refused except the first administrator's (break-glass)."
  default     = true
}
