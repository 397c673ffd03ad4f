variable "bucket_name" {
  type        = string
  description = "Name of the private bucket for claim checks (claims/), uploaded source maps (artifacts/), maps placed by hand (<project id>/<file>.map) and the Lambda jar (lambda/). Bucket names are global: include something unique, e.g. the account id."

  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.bucket_name))
    error_message = "bucket_name must be 3-63 lower-case letters, digits, dots or hyphens."
  }
}

variable "claim_expiration_days" {
  type        = number
  description = "Days before a claim check (an event too large for an SQS message, under claims/) is deleted. It must outlive every message that can point to it, including dead letters; the example root checks it against the queues' retention."
  default     = 15

  validation {
    condition     = var.claim_expiration_days >= 1
    error_message = "claim_expiration_days must be at least 1."
  }
}

variable "versioning" {
  type        = bool
  description = "Keep earlier versions of overwritten or deleted objects (source maps), expired after noncurrent_version_days."
  default     = false
}

variable "noncurrent_version_days" {
  type        = number
  description = "With versioning, days an overwritten or deleted object's old version is kept."
  default     = 30
}

variable "force_destroy" {
  type        = bool
  description = "Let terraform destroy delete a bucket that still holds objects. Leave false outside throwaway stacks: the bucket holds uploaded source maps."
  default     = false
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}
}
