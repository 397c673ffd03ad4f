variable "name" {
  type        = string
  description = "Prefix for every resource name, e.g. \"flytrap\"."
}

variable "region" {
  type        = string
  description = "AWS region the VPC lives in; used to name the VPC endpoint services (com.amazonaws.<region>.<service>)."
}

variable "cidr_block" {
  type        = string
  description = "IPv4 range of the dedicated VPC. Each subnet gets a /20 carved out of it, so /16 leaves plenty of room."
  default     = "10.40.0.0/16"

  validation {
    condition     = can(cidrhost(var.cidr_block, 0)) && tonumber(split("/", var.cidr_block)[1]) <= 17
    error_message = "cidr_block must be a valid IPv4 CIDR of /17 or larger (eight /20 subnets are carved out of it)."
  }
}

variable "az_count" {
  type        = number
  description = "Availability zones to spread subnets over. The ALB and the RDS subnet group both need at least two."
  default     = 2

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 4
    error_message = "az_count must be between 2 and 4."
  }
}

variable "interface_endpoints" {
  type        = list(string)
  description = "AWS services reached through interface VPC endpoints from the private subnets, so Lambdas and Fargate tasks need no internet route for them. The defaults are what Flytrap calls: SQS and SNS (queue, e-mail alerts), Secrets Manager (ECS secret injection, the Lambdas' database secret), CloudWatch Logs (the tasks' awslogs driver), ECR api + dkr (Fargate image pulls; layers come through the S3 gateway endpoint)."
  default     = ["sqs", "sns", "secretsmanager", "logs", "ecr.api", "ecr.dkr"]
}

variable "enable_nat_gateway" {
  type        = bool
  description = "Give the private subnets a NAT gateway (one, in the first public subnet) for internet egress. Needed only for what the endpoints cannot reach: Slack, Discord and webhook alerts, an SMTP server outside AWS, a dashboard image outside ECR. Costs an hourly fee plus data processing."
  default     = false
}

variable "alb_ingress_cidrs" {
  type        = list(string)
  description = "IPv4 ranges allowed to reach the dashboard's load balancer (443, and 80 for the redirect or when HTTP is allowed). Narrow it to an office or VPN range to keep the dashboard off the open internet."
  default     = ["0.0.0.0/0"]
}

variable "https_enabled" {
  type        = bool
  description = "Whether the load balancer has an HTTPS listener (a certificate was given); opens 443 on its security group."
  default     = true
}

variable "dashboard_port" {
  type        = number
  description = "Port the dashboard container listens on; the ALB talks to the tasks on it."
  default     = 8080
}

variable "database_port" {
  type        = number
  description = "PostgreSQL port; the only port the database security group opens, and only to the Lambdas and the dashboard tasks."
  default     = 5432
}

variable "tags" {
  type        = map(string)
  description = "Tags added to every resource of this module."
  default     = {}
}
