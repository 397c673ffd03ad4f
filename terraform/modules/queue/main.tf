# The event queue between ingest and process, with a dead-letter queue for events that keep failing.
# Encryption is SSE-SQS (SQS-owned keys): encrypted at rest with no KMS key policy or kms:* grants to maintain.

locals {
  # Terraform's AWS provider still caps max_message_size at 256 KiB (hashicorp/terraform-provider-aws#45152) although
  # SQS takes 1 MiB. Flytrap is told the same limit (FLYTRAP_QUEUE_SQS_MAX_MESSAGE_SIZE), so larger events go to S3
  # as claim checks instead of being refused by SQS.
  max_message_bytes = 262144
}

resource "aws_sqs_queue" "dlq" {
  name                      = "${var.name}-events-dlq"
  message_retention_seconds = var.dlq_retention_seconds
  max_message_size          = local.max_message_bytes
  sqs_managed_sse_enabled   = true
  tags                      = var.tags
}

resource "aws_sqs_queue" "events" {
  name                       = "${var.name}-events"
  visibility_timeout_seconds = var.visibility_timeout_seconds
  message_retention_seconds  = var.message_retention_seconds
  max_message_size           = local.max_message_bytes
  # Long polling is what the Lambda service does anyway; it also keeps a container worker's empty receives cheap.
  receive_wait_time_seconds = 20
  sqs_managed_sse_enabled   = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = var.max_receive_count
  })

  tags = var.tags
}

# Only the event queue may send its failures here, and redrive from the console goes back to it.
resource "aws_sqs_queue_redrive_allow_policy" "dlq" {
  queue_url = aws_sqs_queue.dlq.id
  redrive_allow_policy = jsonencode({
    redrivePermission = "byQueue"
    sourceQueueArns   = [aws_sqs_queue.events.arn]
  })
}

# Any dead letter is an event Flytrap accepted and could not store: someone should look.
resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  alarm_name          = "${var.name}-events-dlq-not-empty"
  alarm_description   = "Flytrap events failed processing ${var.max_receive_count} times and wait in ${aws_sqs_queue.dlq.name}. Check the process Lambda's logs, fix the cause, then redrive the messages to ${aws_sqs_queue.events.name}."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

# Events wait when processing stopped (the function fails as a whole, the database is down, concurrency ran out) or
# cannot keep up; the dead-letter alarm fires only after max_receive_count tries, this one while it happens.
resource "aws_cloudwatch_metric_alarm" "events_waiting" {
  alarm_name          = "${var.name}-events-oldest-message-age"
  alarm_description   = "The oldest event in ${aws_sqs_queue.events.name} has waited more than ${var.oldest_message_alarm_seconds} s for 15 minutes. Check the process Lambda's errors and throttles, and the database."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.events.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.oldest_message_alarm_seconds
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}
