# Flytrap on AWS, the whole stack: run `terraform init && terraform apply` here with the values from
# terraform.tfvars.example. See docs/deploy-aws.md.

data "aws_caller_identity" "current" {}

locals {
  bucket_name = coalesce(var.bucket_name, "${var.name}-${data.aws_caller_identity.current.account_id}-${var.region}")
  jar_path    = abspath(startswith(var.functions_jar, "/") ? var.functions_jar : "${path.root}/${var.functions_jar}")
  # The per-project SNS topics: the dashboard creates them and its task role is scoped to them, the process Lambda
  # names them. One value here, passed to both modules, so the two can never disagree.
  sns_topic_prefix = "${var.name}-project-"
}

module "network" {
  source = "../../modules/network"

  name               = var.name
  region             = var.region
  enable_nat_gateway = var.enable_nat_gateway
  alb_ingress_cidrs  = var.alb_ingress_cidrs
  https_enabled      = var.certificate_arn != null
}

module "storage" {
  source = "../../modules/storage"

  bucket_name = local.bucket_name
  # A claim check must outlive every message pointing at it, dead letters included (checked below): the
  # dead-letter queue keeps messages up to 14 days after they were first queued.
  claim_expiration_days = 15
}

module "queue" {
  source = "../../modules/queue"

  name                       = var.name
  visibility_timeout_seconds = var.queue_visibility_timeout_seconds
  max_receive_count          = var.max_receive_count
  alarm_actions              = [aws_sns_topic.alarms.arn]
}

module "database" {
  source = "../../modules/database"

  name                  = var.name
  subnet_ids            = module.network.private_subnet_ids
  security_group_id     = module.network.database_security_group_id
  instance_class        = var.db_instance_class
  multi_az              = var.db_multi_az
  deletion_protection   = var.db_deletion_protection
  backup_retention_days = var.db_backup_retention_days

  alarm_actions               = [aws_sns_topic.alarms.arn]
  connections_alarm_threshold = var.db_connection_budget
}

module "lambdas" {
  source = "../../modules/lambdas"

  name         = var.name
  region       = var.region
  jar_path     = local.jar_path
  code_bucket  = module.storage.bucket_name
  architecture = var.lambda_architecture

  subnet_ids        = module.network.private_subnet_ids
  security_group_id = module.network.lambdas_security_group_id

  queue_url                        = module.queue.queue_url
  queue_arn                        = module.queue.queue_arn
  queue_visibility_timeout_seconds = module.queue.visibility_timeout_seconds
  queue_max_message_bytes          = module.queue.max_message_bytes
  bucket_name                      = module.storage.bucket_name
  bucket_arn                       = module.storage.bucket_arn

  db_url               = module.database.jdbc_url
  db_user              = module.database.username
  db_secret_arn        = module.database.secret_arn
  db_secret_version_id = module.database.secret_version_id

  process_timeout_seconds     = var.process_timeout_seconds
  process_max_concurrency     = var.process_max_concurrency
  ingest_reserved_concurrency = var.ingest_reserved_concurrency

  ingest_domain_name     = var.ingest_domain_name
  ingest_certificate_arn = var.ingest_certificate_arn
  sns_email_alerts       = var.sns_email_alerts
  sns_topic_prefix       = local.sns_topic_prefix

  alarm_actions = [aws_sns_topic.alarms.arn]
}

module "dashboard" {
  source = "../../modules/dashboard"

  name   = var.name
  region = var.region

  vpc_id                  = module.network.vpc_id
  public_subnet_ids       = module.network.public_subnet_ids
  private_subnet_ids      = module.network.private_subnet_ids
  alb_security_group_id   = module.network.alb_security_group_id
  tasks_security_group_id = module.network.dashboard_security_group_id

  image           = var.dashboard_image
  desired_count   = var.dashboard_desired_count
  domain_name     = var.domain_name
  certificate_arn = var.certificate_arn
  allow_http      = var.allow_http
  route53_zone_id = var.route53_zone_id

  db_url        = module.database.jdbc_url
  db_user       = module.database.username
  db_secret_arn = module.database.secret_arn

  queue_url               = module.queue.queue_url
  queue_arn               = module.queue.queue_arn
  dlq_arn                 = module.queue.dlq_arn
  queue_max_message_bytes = module.queue.max_message_bytes
  bucket_name             = module.storage.bucket_name
  bucket_arn              = module.storage.bucket_arn

  sns_email_alerts       = var.sns_email_alerts
  sns_topic_prefix       = local.sns_topic_prefix
  ingest_url             = module.lambdas.ingest_url
  environment            = var.dashboard_environment
  secrets                = var.dashboard_secrets
  oidc_issuer            = var.oidc_issuer
  oidc_client_id         = var.oidc_client_id
  oidc_client_secret_arn = var.oidc_client_secret_arn
  local_login            = var.local_login
  admin_email            = var.admin_email
  admin_password         = var.admin_password

  alarm_actions = [aws_sns_topic.alarms.arn]
}

# Every operational alarm (Lambda errors and throttles, queue age, dead letters, database, load balancer 5xx) goes
# to this one topic; it exists whether or not alarm_email is given, so other subscribers (chat, paging) can be
# added to it. Not one of the per-project topics. Not KMS-encrypted: CloudWatch cannot publish to a topic
# encrypted with the AWS managed key (it would need a customer-managed key whose policy allows CloudWatch).
resource "aws_sns_topic" "alarms" {
  name = "${var.name}-alarms"
}

# Earlier versions created the topic only with alarm_email.
moved {
  from = aws_sns_topic.alarms[0]
  to   = aws_sns_topic.alarms
}

resource "aws_sns_topic_subscription" "alarms" {
  count     = var.alarm_email != null ? 1 : 0
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_route53_record" "ingest" {
  count   = var.route53_zone_id != null && var.ingest_domain_name != null ? 1 : 0
  zone_id = var.route53_zone_id
  name    = var.ingest_domain_name
  type    = "A"

  alias {
    name                   = module.lambdas.ingest_domain_target.target_domain_name
    zone_id                = module.lambdas.ingest_domain_target.hosted_zone_id
    evaluate_target_health = false
  }
}

# Plan-time guards across modules (reported as warnings by terraform plan).
check "claim_checks_outlive_messages" {
  assert {
    condition     = module.storage.claim_expiration_days * 86400 > module.queue.retention_seconds
    error_message = "Claim checks expire before the messages that point at them: raise claim_expiration_days above the queues' retention."
  }
}

check "database_connections" {
  assert {
    # Peak connections: 2 per ingest or process instance, 10 per dashboard task (its pool, LISTEN included).
    # Without a reservation ingest has no hard cap: ingest_expected_concurrency is an estimate, not a bound.
    condition     = (coalesce(var.ingest_reserved_concurrency, var.ingest_expected_concurrency) + var.process_max_concurrency) * 2 + var.dashboard_desired_count * 10 <= var.db_connection_budget
    error_message = "Lambda concurrency and dashboard tasks can open more database connections than db_connection_budget; lower the concurrency or pick a larger RDS class (docs/deploy-aws.md, Sizing)."
  }
}
