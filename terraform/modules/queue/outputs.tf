output "queue_url" {
  description = "URL of the event queue (FLYTRAP_QUEUE_SQS_QUEUE)."
  value       = aws_sqs_queue.events.url
}

output "queue_arn" {
  description = "ARN of the event queue."
  value       = aws_sqs_queue.events.arn
}

output "dlq_url" {
  description = "URL of the dead-letter queue."
  value       = aws_sqs_queue.dlq.url
}

output "dlq_arn" {
  description = "ARN of the dead-letter queue."
  value       = aws_sqs_queue.dlq.arn
}

output "visibility_timeout_seconds" {
  description = "The event queue's visibility timeout; the lambdas module checks it against the process timeout."
  value       = aws_sqs_queue.events.visibility_timeout_seconds
}

output "max_message_bytes" {
  description = "Largest message the queue accepts; Flytrap sends bigger events through S3 claim checks."
  value       = local.max_message_bytes
}

output "retention_seconds" {
  description = "Longest time a message (and so a claim check it points to) can still be processed or redriven: the longer of the two queues' retention."
  value       = max(var.message_retention_seconds, var.dlq_retention_seconds)
}
