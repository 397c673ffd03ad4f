variable "name" {
  type        = string
  description = "Prefix for every resource name; the functions are <name>-ingest, <name>-process and <name>-migrate."
}

variable "region" {
  type        = string
  description = "AWS region (SPRING_CLOUD_AWS_REGION_STATIC), so the AWS clients never have to discover it."
}

variable "jar_path" {
  type        = string
  description = "Local path of functions/target/flytrap-functions-<version>-aws.jar (build it with ./mvnw -pl functions -am package -DskipTests). It is uploaded to code_bucket under lambda/, named by its SHA-256, so a new jar publishes new function versions."

  validation {
    condition     = endswith(var.jar_path, "-aws.jar")
    error_message = "jar_path must point at the shaded Lambda jar, flytrap-functions-<version>-aws.jar."
  }
}

variable "code_bucket" {
  type        = string
  description = "Bucket the jar is uploaded to (the jar is about 57 MB, above Lambda's 50 MB limit for direct uploads)."
}

variable "runtime" {
  type        = string
  description = "Lambda Java runtime. The jar is Java 21 bytecode, so java21 works too; java25 needs AWS provider 6.20 or later."
  default     = "java25"

  validation {
    condition     = contains(["java21", "java25"], var.runtime)
    error_message = "runtime must be java21 or java25."
  }
}

variable "architecture" {
  type        = string
  description = "Instruction set of both functions. The jar is pure Java; arm64 (Graviton) costs about 20% less per GB-second."
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets the functions run in (they reach RDS there, and SQS and S3 through VPC endpoints)."
}

variable "security_group_id" {
  type        = string
  description = "Security group of the functions (egress only to the database, the VPC endpoints and S3)."
}

variable "queue_url" {
  type        = string
  description = "URL of the event queue (FLYTRAP_QUEUE_SQS_QUEUE); a URL, not a name, so no GetQueueUrl call is needed."
}

variable "queue_arn" {
  type        = string
  description = "ARN of the event queue: ingest sends to it, the process function's event source mapping reads it."
}

variable "queue_visibility_timeout_seconds" {
  type        = number
  description = "The queue's visibility timeout; the plan fails unless it is at least six times process_timeout_seconds."
}

variable "queue_max_message_bytes" {
  type        = number
  description = "Largest message the queue accepts; larger events go to S3 as claim checks (FLYTRAP_QUEUE_SQS_MAX_MESSAGE_SIZE)."
}

variable "bucket_name" {
  type        = string
  description = "Private bucket for claim checks (claims/) and source maps (artifacts/, and maps placed by hand at <project id>/<file>.map)."
}

variable "bucket_arn" {
  type        = string
  description = "ARN of that bucket, for the IAM policies."
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
  description = "ARN of the database module's Secrets Manager secret (JSON with username and password). Each function reads it once at start (spring.config.import) and may read this secret and no other."

  validation {
    condition     = can(regex("^arn:[a-z-]+:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:.+$", var.db_secret_arn))
    error_message = "db_secret_arn must be the full ARN of a Secrets Manager secret."
  }
}

variable "db_secret_version_id" {
  type        = string
  description = "Version id of that secret's current value (FLYTRAP_DB_SECRET_VERSION). A new one publishes new function versions, so SnapStart snapshots never keep an old password."
}

variable "db_pool_size" {
  type        = number
  description = "Connections per function instance (SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE). Peak database connections from the Lambdas are (ingest instances + process_max_concurrency) x this; ingest instances are bounded by ingest_reserved_concurrency when set, else by the API's throttling and the account's concurrency."
  default     = 2

  validation {
    condition     = var.db_pool_size >= 1 && var.db_pool_size <= 5
    error_message = "db_pool_size must be between 1 and 5: one instance handles one request or batch at a time."
  }
}

variable "ingest_memory_mb" {
  type        = number
  description = "Memory of the ingest function; Lambda's CPU share grows with it, which shortens cold starts."
  default     = 1024
}

variable "ingest_timeout_seconds" {
  type        = number
  description = "Timeout of the ingest function. Ingest checks a key (cached), validates and sends one SQS message, so seconds suffice."
  default     = 10

  validation {
    condition     = var.ingest_timeout_seconds >= 3 && var.ingest_timeout_seconds <= 29
    error_message = "ingest_timeout_seconds must be between 3 and 29 (API Gateway waits at most 30 s)."
  }
}

variable "ingest_reserved_concurrency" {
  type        = number
  description = "Optional hard cap on concurrent ingest instances (reserved concurrency); null (the default) reserves nothing. A reservation bounds the database connections ingest opens (requests above it are throttled, and SDKs retry them), but Lambda keeps 100 of the account's concurrency unreserved: the largest value AWS accepts is the account's concurrency quota minus 100, and an account whose quota is still at or near 100 (new accounts often are) cannot reserve anything. See docs/deploy-aws.md, Quotas."
  default     = null

  validation {
    condition     = var.ingest_reserved_concurrency == null || try(var.ingest_reserved_concurrency >= 1 && floor(var.ingest_reserved_concurrency) == var.ingest_reserved_concurrency, false)
    error_message = "ingest_reserved_concurrency must be null (no reservation) or a whole number of at least 1 (0 would stop ingest); at most the account's Lambda concurrency quota minus 100."
  }
}

variable "migrate_memory_mb" {
  type        = number
  description = "Memory of the migrate function (Flyway migrations, run by Terraform during apply)."
  default     = 1024
}

variable "migrate_timeout_seconds" {
  type        = number
  description = "Timeout of the migrate function. Long enough for a migration that rewrites a large table; a timeout fails the apply, and Flyway resumes from the last applied migration on the next one."
  default     = 300

  validation {
    condition     = var.migrate_timeout_seconds >= 60 && var.migrate_timeout_seconds <= 900
    error_message = "migrate_timeout_seconds must be between 60 and 900 (Lambda's maximum)."
  }
}

variable "process_memory_mb" {
  type        = number
  description = "Memory of the process function (parsing, symbolication with source maps of several MB, batched writes)."
  default     = 2048
}

variable "process_timeout_seconds" {
  type        = number
  description = "Timeout of the process function for one batch. The queue's visibility timeout must be at least six times this."
  default     = 60

  validation {
    condition     = var.process_timeout_seconds >= 10 && var.process_timeout_seconds <= 900
    error_message = "process_timeout_seconds must be between 10 and 900."
  }
}

variable "process_batch_size" {
  type        = number
  description = "Messages per process invocation. The function stores a batch in one transaction and reports failed messages individually."
  default     = 10

  validation {
    condition     = var.process_batch_size >= 1 && var.process_batch_size <= 10
    error_message = "process_batch_size must be between 1 and 10 (above 10 SQS needs a batching window and the batch's transaction grows)."
  }
}

variable "process_batching_window_seconds" {
  type        = number
  description = "Seconds the event source waits to fill a batch. A second lets a burst arrive as full batches (one upsert per issue per batch) at the cost of a second of latency."
  default     = 1

  validation {
    condition     = var.process_batching_window_seconds >= 0 && var.process_batching_window_seconds <= 300
    error_message = "process_batching_window_seconds must be between 0 and 300."
  }
}

variable "process_max_concurrency" {
  type        = number
  description = "Concurrent process instances the SQS event source may invoke. Each holds db_pool_size connections, so keep (ingest instances + this) x db_pool_size under the database's connection limit."
  default     = 10

  validation {
    condition     = var.process_max_concurrency >= 2 && var.process_max_concurrency <= 1000
    error_message = "process_max_concurrency must be between 2 and 1000 (SQS event source limits)."
  }
}

variable "throttling_rate_limit" {
  type        = number
  description = "Requests per second the ingest API accepts in steady state (stage throttling); above it API Gateway answers 429."
  default     = 200
}

variable "throttling_burst_limit" {
  type        = number
  description = "Requests the ingest API accepts in a burst above the rate limit."
  default     = 400
}

variable "ingest_domain_name" {
  type        = string
  description = "Optional custom domain for the ingest API (e.g. ingest.errors.example.com), so DSNs do not carry the execute-api host. Needs ingest_certificate_arn; point a DNS record at the output ingest_domain_target."
  default     = null
}

variable "ingest_certificate_arn" {
  type        = string
  description = "ACM certificate (in this region) for ingest_domain_name."
  default     = null
}

variable "sns_email_alerts" {
  type        = bool
  description = "Whether the dashboard sends e-mail alerts through SNS (one topic per project); the process Lambda must know, since it decides who each alert goes to."
  default     = true
}

variable "sns_topic_prefix" {
  type        = string
  description = "Prefix of the per-project SNS topics (FLYTRAP_ALERTS_SNS_TOPIC_PREFIX), <prefix><project id>. Must be the dashboard module's value: pass the same one to both (the example root uses \"<name>-project-\")."

  validation {
    condition     = can(regex("^[A-Za-z0-9_-]{1,200}$", var.sns_topic_prefix))
    error_message = "sns_topic_prefix may hold only letters, digits, hyphens and underscores (SNS topic names)."
  }
}

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the functions' and the API's logs."
  default     = 30
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
