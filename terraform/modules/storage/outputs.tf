output "bucket_name" {
  description = "Name of the bucket (FLYTRAP_ARTIFACTS_S3_BUCKET and FLYTRAP_QUEUE_SQS_CLAIM_BUCKET)."
  value       = aws_s3_bucket.this.id
}

output "bucket_arn" {
  description = "ARN of the bucket, for IAM policies."
  value       = aws_s3_bucket.this.arn
}

output "claim_expiration_days" {
  description = "Days after which claim checks are deleted."
  value       = var.claim_expiration_days
}
