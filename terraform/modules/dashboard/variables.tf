variable "name" {
  type        = string
  description = "Prefix for every resource name (keep it short: load balancer and target group names stop at 32 characters)."

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name))
    error_message = "name must be 2-21 lower-case letters, digits or hyphens, starting with a letter."
  }
}

variable "region" {
  type        = string
  description = "AWS region (SPRING_CLOUD_AWS_REGION_STATIC, log driver, SNS topic ARNs)."
}

variable "vpc_id" {
  type        = string
  description = "VPC of the load balancer's target group."
}

variable "public_subnet_ids" {
  type        = list(string)
  description = "Public subnets for the load balancer (at least two availability zones)."
}

variable "private_subnet_ids" {
  type        = list(string)
  description = "Private subnets for the tasks (no public addresses)."
}

variable "alb_security_group_id" {
  type        = string
  description = "Security group of the load balancer."
}

variable "tasks_security_group_id" {
  type        = string
  description = "Security group of the tasks (reachable only from the load balancer)."
}

variable "image" {
  type        = string
  description = "Dashboard container image (built with Jib), e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com/flytrap-dashboard@sha256:<digest printed by scripts/push-images.sh>. An ECR image in this region is pulled through the VPC endpoints; one from elsewhere needs the NAT gateway."
}

variable "cpu" {
  type        = number
  description = "Task CPU units (1024 = 1 vCPU)."
  default     = 1024
}

variable "memory" {
  type        = number
  description = "Task memory in MiB; the JVM takes 75% of it as heap."
  default     = 2048
}

variable "desired_count" {
  type        = number
  description = "Number of dashboard tasks. Replicas share alert sending safely (outbox rows are claimed with SKIP LOCKED); browser sessions stick to one task."
  default     = 1

  validation {
    condition     = var.desired_count >= 1
    error_message = "desired_count must be at least 1."
  }
}

variable "domain_name" {
  type        = string
  description = "Host name users open the dashboard at, e.g. errors.example.com (FLYTRAP_PUBLIC_URL is https://<domain_name>)."
}

variable "certificate_arn" {
  type        = string
  description = "ACM certificate for domain_name, in this region. Required unless allow_http is true."
  default     = null
}

variable "allow_http" {
  type        = bool
  description = "Serve the dashboard over plain HTTP on port 80 instead of redirecting to HTTPS. Passwords and session cookies then cross the network unencrypted: for a private network or a first try only."
  default     = false
}

variable "route53_zone_id" {
  type        = string
  description = "Optional Route 53 hosted zone to create domain_name in (an alias to the load balancer). Without it, point your DNS at the output load_balancer_dns_name."
  default     = null
}

variable "db_url" {
  type        = string
  description = "JDBC URL of the database (FLYTRAP_DB_URL)."
}

variable "db_user" {
  type        = string
  description = "Database user (FLYTRAP_DB_USER)."
}

variable "db_secret_arn" {
  type        = string
  description = "Secrets Manager secret with the database credentials as JSON; ECS injects its password key as FLYTRAP_DB_PASSWORD."
}

variable "db_pool_size" {
  type        = number
  description = "Database connections per task (SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE)."
  default     = 10
}

variable "queue_url" {
  type        = string
  description = "Event queue URL: the dashboard's own ingest endpoints queue events there too."
}

variable "queue_arn" {
  type        = string
  description = "Event queue ARN, for the task role."
}

variable "dlq_arn" {
  type        = string
  description = "Dead-letter queue ARN, for the task role: the dead-letter API lists, replays and deletes its messages."
}

variable "queue_max_message_bytes" {
  type        = number
  description = "Largest message the queue accepts (FLYTRAP_QUEUE_SQS_MAX_MESSAGE_SIZE)."
}

variable "bucket_name" {
  type        = string
  description = "Private bucket for source maps (artifacts/) and claim checks (claims/)."
}

variable "bucket_arn" {
  type        = string
  description = "ARN of that bucket, for the task role."
}

variable "ingest_url" {
  type        = string
  description = "Where SDKs send (the API Gateway URL or its custom domain); the DSNs the dashboard shows use it (FLYTRAP_INGEST_URL). Null: the dashboard's own address."
  default     = null
}

variable "sns_email_alerts" {
  type        = bool
  description = "Send e-mail alerts through one SNS topic per project (FLYTRAP_ALERTS_EMAIL=sns) instead of SMTP. Members confirm the subscription e-mail once."
  default     = true
}

variable "admin_email" {
  type        = string
  description = "E-mail of the first administrator (FLYTRAP_ADMIN_EMAIL), created at the first start."

  validation {
    condition     = can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.admin_email))
    error_message = "admin_email must be an e-mail address."
  }
}

variable "admin_password" {
  type        = string
  description = "Password of the first administrator, at least 10 characters. Leave unset (recommended) to have one generated; either way it is stored in Secrets Manager (output admin_secret_arn) and injected by ECS."
  sensitive   = true
  default     = null

  validation {
    condition     = var.admin_password == null || length(coalesce(var.admin_password, "-")) >= 10
    error_message = "admin_password must be at least 10 characters."
  }
}

variable "environment" {
  type        = map(string)
  description = "Further settings for the dashboard, e.g. SPRING_MAIL_HOST, SPRING_MAIL_USERNAME and FLYTRAP_ALERTS_MAIL_FROM for SMTP. No secrets here: they would show in plain text in the task definition; put them in secrets."
  default     = {}

  # Names that look like secrets belong in var.secrets; the queue settings keep the Lambda as the only consumer.
  validation {
    condition     = alltrue([for key in keys(var.environment) : !can(regex("(?i)(PASSWORD|SECRET|TOKEN|CREDENTIAL)", key))])
    error_message = "environment must not hold passwords, secrets or tokens (they would be readable in the task definition): pass them in secrets."
  }
  validation {
    condition     = length(setintersection(keys(var.environment), ["FLYTRAP_WORKER_ENABLED", "FLYTRAP_QUEUE_TYPE"])) == 0
    error_message = "FLYTRAP_WORKER_ENABLED and FLYTRAP_QUEUE_TYPE are set by this module: the process Lambda is the queue's only consumer."
  }
}

variable "secrets" {
  type        = map(string)
  description = "Further secret settings, injected by ECS from Secrets Manager at start and never written to the task definition: environment variable name -> secret ARN (the whole secret string) or ARN:json-key:: (one key of a JSON secret), e.g. { SPRING_MAIL_PASSWORD = \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:flytrap/smtp-AbCdEf:password::\" }. Use the full ARN, with its six-character suffix: the execution role is allowed to read exactly these secrets."
  default     = {}

  validation {
    condition     = alltrue([for value_from in values(var.secrets) : can(regex("^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}(:[^:]*:[^:]*:[^:]*)?$", value_from))])
    error_message = "Each secrets value must be a full Secrets Manager secret ARN (ending in -XXXXXX), optionally followed by :json-key:version-stage:version-id (e.g. :password::)."
  }
}

variable "sns_topic_prefix" {
  type        = string
  description = "Prefix of the per-project SNS topics the dashboard creates, <prefix><project id> (FLYTRAP_ALERTS_SNS_TOPIC_PREFIX); the task role may touch only topics with it. Must be the lambdas module's value: pass the same one to both (the example root uses \"<name>-project-\")."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,200}$", var.sns_topic_prefix))
    error_message = "sns_topic_prefix may hold only letters, digits, hyphens and underscores (SNS topic names)."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the dashboard's logs."
  default     = 30
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted admin secret can still be restored (0 deletes at once)."
  default     = 7
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}
}

variable "alarm_actions" {
  type        = list(string)
  description = "ARNs (e.g. the example root's alarm SNS topic) notified when one of this module's alarms fires or clears."
  default     = []
}

variable "alb_5xx_alarm_threshold" {
  type        = number
  description = "Alarm when the load balancer answers more than this many 5xx in 5 minutes, from the tasks (target) or from itself (ELB: e.g. no healthy task)."
  default     = 10
}

variable "oidc_issuer" {
  type        = string
  description = "Issuer URL of the OpenID Connect provider for single sign-on (FLYTRAP_OIDC_ISSUER), e.g. https://login.example.com/realms/acme; null: no single sign-on. docs/sso.md lists each provider's form."
  default     = null

  validation {
    condition     = var.oidc_issuer == null || can(regex("^https://", var.oidc_issuer))
    error_message = "oidc_issuer must be an https:// URL."
  }
}

variable "oidc_client_id" {
  type        = string
  description = "Client id registered at the provider (FLYTRAP_OIDC_CLIENT_ID); its redirect URI is <public URL>/login/oauth2/code/oidc."
  default     = null

  validation {
    condition     = (var.oidc_client_id == null) == (var.oidc_issuer == null)
    error_message = "oidc_client_id and oidc_issuer go together."
  }
}

variable "oidc_client_secret_arn" {
  type        = string
  description = "Secrets Manager ARN (ARN:json-key:: for one key of a JSON secret) of the client secret (FLYTRAP_OIDC_CLIENT_SECRET), injected by ECS, never in the task definition; null for a public client."
  default     = null

  validation {
    condition     = var.oidc_client_secret_arn == null || can(regex("^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}(:[^:]*:[^:]*:[^:]*)?$", var.oidc_client_secret_arn))
    error_message = "oidc_client_secret_arn must be a full Secrets Manager secret ARN (ending in -XXXXXX), optionally followed by :json-key:version-stage:version-id."
  }
}

variable "local_login" {
  type        = bool
  description = "false (FLYTRAP_LOCAL_LOGIN=false): passwords are refused except the break-glass administrator's; with oidc_issuer, oidc_client_id and oidc_client_secret_arn this makes Flytrap SSO-only."
  default     = true
}

variable "break_glass_email" {
  type        = string
  description = "The administrator whose password still works with local_login = false (FLYTRAP_BREAK_GLASS_EMAIL); null: the first administrator (admin_email on a new installation)."
  default     = null
}
