variable "name" {
  type        = string
  description = "Prefix for every resource name; the queue is <name>-events, its dead-letter queue <name>-events-dlq."
}

variable "visibility_timeout_seconds" {
  type        = number
  description = "How long a received event stays hidden from other consumers. Keep it at least six times the process Lambda's timeout (AWS's advice for Lambda consumers, so retries of throttled batches do not redeliver messages still being processed); the lambdas module refuses a smaller value."
  default     = 360

  validation {
    condition     = var.visibility_timeout_seconds >= 60 && var.visibility_timeout_seconds <= 43200
    error_message = "visibility_timeout_seconds must be between 60 and 43200."
  }
}

variable "message_retention_seconds" {
  type        = number
  description = "How long an unprocessed event waits in the queue (SQS allows up to 14 days)."
  default     = 345600

  validation {
    condition     = var.message_retention_seconds >= 3600 && var.message_retention_seconds <= 1209600
    error_message = "message_retention_seconds must be between 3600 (1 hour) and 1209600 (14 days)."
  }
}

variable "dlq_retention_seconds" {
  type        = number
  description = "How long a dead letter is kept for inspection and redrive. SQS keeps a message's original enqueue time when it moves to the dead-letter queue, so this counts from when the event was first queued."
  default     = 1209600

  validation {
    condition     = var.dlq_retention_seconds >= 86400 && var.dlq_retention_seconds <= 1209600
    error_message = "dlq_retention_seconds must be between 86400 (1 day) and 1209600 (14 days)."
  }
}

variable "max_receive_count" {
  type        = number
  description = "Deliveries of one message before it moves to the dead-letter queue. At least 5, so a brief database outage or a throttled batch does not dead-letter good events."
  default     = 5

  validation {
    condition     = var.max_receive_count >= 5
    error_message = "max_receive_count must be at least 5."
  }
}

variable "alarm_actions" {
  type        = list(string)
  description = "ARNs (e.g. an SNS topic) notified when the dead-letter queue holds messages or the oldest queued event is too old."
  default     = []
}

variable "oldest_message_alarm_seconds" {
  type        = number
  description = "Alarm when the oldest event has waited longer than this in the queue for 15 minutes (processing stopped or cannot keep up)."
  default     = 900

  validation {
    condition     = var.oldest_message_alarm_seconds >= 60
    error_message = "oldest_message_alarm_seconds must be at least 60."
  }
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}
}
