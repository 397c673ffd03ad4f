terraform {
  # 1.6: validation and precondition features used by the modules; tested here only by parsing (see README).
  required_version = ">= 1.6"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.20 is the first release that accepts the java25 Lambda runtime.
      version = "~> 6.20"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }

  # Keep state in an encrypted, access-controlled backend: it holds the generated passwords. For example:
  # backend "s3" {
  #   bucket  = "my-terraform-state"
  #   key     = "flytrap/terraform.tfstate"
  #   region  = "eu-west-1"
  #   encrypt = true
  #   # State locking. use_lockfile = true (a lock object next to the state, no DynamoDB table) needs
  #   # Terraform 1.10 or later, above this configuration's minimum of 1.6; on 1.6-1.9 lock with a DynamoDB
  #   # table instead: dynamodb_table = "my-terraform-locks" (partition key LockID, string).
  #   use_lockfile = true
  # }
}

provider "aws" {
  region = var.region

  default_tags {
    tags = merge({ Application = "flytrap", Stack = var.name }, var.tags)
  }
}
