variable "name" {
  type        = string
  description = "Prefix for every resource name; also the RDS instance identifier."
}

variable "subnet_ids" {
  type        = list(string)
  description = "Private subnets (at least two availability zones) for the DB subnet group."

  validation {
    condition     = length(var.subnet_ids) >= 2
    error_message = "RDS needs subnets in at least two availability zones."
  }
}

variable "security_group_id" {
  type        = string
  description = "Security group of the database (opens 5432 to the Lambdas and the dashboard tasks only)."
}

variable "engine_version" {
  type        = string
  description = "PostgreSQL major version; minor versions are applied in the maintenance window."
  default     = "17"

  validation {
    condition     = can(regex("^1[7-9](\\.[0-9]+)?$", var.engine_version))
    error_message = "Flytrap on AWS targets PostgreSQL 17 or later."
  }
}

variable "instance_class" {
  type        = string
  description = "RDS instance class. db.t4g.small (2 GiB, about 200 connections) fits the default Lambda concurrency; see docs/deploy-aws.md for sizing."
  default     = "db.t4g.small"
}

variable "allocated_storage_gb" {
  type        = number
  description = "Initial storage in GiB (gp3)."
  default     = 20

  validation {
    condition     = var.allocated_storage_gb >= 20
    error_message = "gp3 storage starts at 20 GiB."
  }
}

variable "max_allocated_storage_gb" {
  type        = number
  description = "Upper bound for storage autoscaling in GiB; 0 turns autoscaling off."
  default     = 200
}

variable "multi_az" {
  type        = bool
  description = "Run a standby in a second availability zone (automatic failover; doubles the instance cost)."
  default     = false
}

variable "backup_retention_days" {
  type        = number
  description = "Days of automated backups (point-in-time recovery). At least 1: a Flytrap database without backups loses every issue on a disk failure."
  default     = 7

  validation {
    condition     = var.backup_retention_days >= 1 && var.backup_retention_days <= 35
    error_message = "backup_retention_days must be between 1 and 35."
  }
}

variable "deletion_protection" {
  type        = bool
  description = "Refuse to delete the instance (terraform destroy fails until this is set to false and applied)."
  default     = true
}

variable "secret_recovery_window_days" {
  type        = number
  description = "Days a deleted credentials secret can still be restored (0 deletes at once, for throwaway test stacks)."
  default     = 7

  validation {
    condition     = var.secret_recovery_window_days == 0 || (var.secret_recovery_window_days >= 7 && var.secret_recovery_window_days <= 30)
    error_message = "Secrets Manager accepts 0 or 7 to 30 days."
  }
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

variable "log_retention_days" {
  type        = number
  description = "Days CloudWatch keeps the exported PostgreSQL log (/aws/rds/instance/<name>/postgresql)."
  default     = 30
}

variable "cpu_alarm_percent" {
  type        = number
  description = "Alarm when the instance's average CPU stays above this for 15 minutes."
  default     = 80
}

variable "free_storage_alarm_bytes" {
  type        = number
  description = "Alarm when free storage falls below this (bytes; 2 GiB by default). Storage autoscaling (max_allocated_storage_gb) grows the volume first, so this fires when autoscaling is off or at its ceiling."
  default     = 2147483648
}

variable "connections_alarm_threshold" {
  type        = number
  description = "Alarm when open connections exceed this: the budget Flytrap's concurrency settings were sized for (the example root passes db_connection_budget)."
  default     = 150
}
