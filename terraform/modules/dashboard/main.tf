# The dashboard (Vaadin UI, management API, alert dispatcher, Flyway migrations) on ECS Fargate behind an ALB.

data "aws_partition" "current" {}
data "aws_caller_identity" "current" {}

data "aws_subnet" "load_balancer" {
  for_each = toset(var.public_subnet_ids)
  id       = each.value
}

locals {
  https      = var.certificate_arn != null
  public_url = "${local.https ? "https" : "http"}://${var.domain_name}"
  port       = 8080

  # Topics the application creates per project; the task role may touch these and no other topic.
  sns_topics_arn = "arn:${data.aws_partition.current.partition}:sns:${var.region}:${data.aws_caller_identity.current.account_id}:${var.sns_topic_prefix}*"

  # <account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest] -> the repository's ARN, so image pulls
  # are allowed from that repository only. An image from another registry needs no ECR permissions (but a NAT).
  ecr_match      = regexall("^([0-9]{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.amazonaws\\.com/([^:@]+)", var.image)
  ecr_repository = length(local.ecr_match) > 0 ? "arn:${data.aws_partition.current.partition}:ecr:${local.ecr_match[0][1]}:${local.ecr_match[0][0]}:repository/${local.ecr_match[0][2]}" : null

  # The queue, storage, region and alert settings below are the Lambdas' too (modules/lambdas, local.environment):
  # same keys, same inputs. tests/ fails when the two drift apart.
  environment = merge({
    FLYTRAP_PUBLIC_URL                         = local.public_url
    FLYTRAP_DB_URL                             = var.db_url
    FLYTRAP_DB_USER                            = var.db_user
    SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE = tostring(var.db_pool_size)
    FLYTRAP_ADMIN_EMAIL                        = var.admin_email
    FLYTRAP_ARTIFACTS_STORAGE                  = "s3"
    FLYTRAP_ARTIFACTS_S3_BUCKET                = var.bucket_name
    # The dashboard's own ingest endpoints queue to SQS as well ...
    FLYTRAP_QUEUE_TYPE                 = "sqs"
    FLYTRAP_QUEUE_SQS_QUEUE            = var.queue_url
    FLYTRAP_QUEUE_SQS_CLAIM_BUCKET     = var.bucket_name
    FLYTRAP_QUEUE_SQS_MAX_MESSAGE_SIZE = "${var.queue_max_message_bytes}B"
    # ... but the process Lambda is the queue's only consumer: no SQS worker threads in the dashboard.
    FLYTRAP_WORKER_ENABLED         = "false"
    SPRING_CLOUD_AWS_REGION_STATIC = var.region
    JAVA_TOOL_OPTIONS              = "-XX:MaxRAMPercentage=75"
    # E-mail alerts: one topic per project, <prefix><project id>, over SNS; else SMTP (SPRING_MAIL_* settings in
    # var.environment, the password in var.secrets).
    FLYTRAP_ALERTS_EMAIL            = var.sns_email_alerts ? "sns" : "smtp"
    FLYTRAP_ALERTS_SNS_TOPIC_PREFIX = var.sns_topic_prefix
    # The load balancer's nodes take addresses in its subnets and append the client's to X-Forwarded-For: only they
    # may name the client (sign-in throttle, audit log, HTTPS for HSTS); anything else in the VPC is just a peer.
    FLYTRAP_TRUSTED_PROXIES = join(",", sort([for subnet in data.aws_subnet.load_balancer : subnet.cidr_block]))
  }, local.ingest_environment, local.sso_environment, var.environment)

  # SDKs send to API Gateway, not to the dashboard: its DSNs must say so
  ingest_environment = { for key, value in { FLYTRAP_INGEST_URL = var.ingest_url } : key => value if value != null }

  # Single sign-on (docs/sso.md): only the settings given. The client secret is a secret like any other (sso_secrets);
  # the group policy (FLYTRAP_OIDC_ALLOWED_DOMAINS, _ADMIN_GROUP, _GROUP_PROJECTS, ...) goes in var.environment.
  sso_environment = { for key, value in {
    FLYTRAP_OIDC_ISSUER       = var.oidc_issuer
    FLYTRAP_OIDC_CLIENT_ID    = var.oidc_client_id
    FLYTRAP_LOCAL_LOGIN       = var.local_login ? null : "false"
    FLYTRAP_BREAK_GLASS_EMAIL = var.break_glass_email
  } : key => value if value != null }
  sso_secrets = var.oidc_client_secret_arn == null ? {} : { FLYTRAP_OIDC_CLIENT_SECRET = var.oidc_client_secret_arn }

  # Further secrets (e.g. SPRING_MAIL_PASSWORD): env name -> secret ARN, or ARN:json-key:: for one key of a JSON
  # secret. The execution role may read exactly those secrets: the ARN is the first seven colon-separated fields.
  extra_secret_arns = distinct([for value_from in concat(values(var.secrets), values(local.sso_secrets)) : join(":", slice(split(":", value_from), 0, 7))])
}

# ---------------------------------------------------------------------------------------------------------------
# First administrator: generated unless given, kept in Secrets Manager, injected by ECS. The application creates
# the account on the first start only; after a password change in the dashboard this secret is no longer current.
# ---------------------------------------------------------------------------------------------------------------

resource "random_password" "admin" {
  count   = var.admin_password == null ? 1 : 0
  length  = 24
  special = false
}

resource "aws_secretsmanager_secret" "admin" {
  name                    = "${var.name}/admin"
  description             = "Flytrap first administrator (email, password)"
  recovery_window_in_days = var.secret_recovery_window_days
  tags                    = var.tags
}

resource "aws_secretsmanager_secret_version" "admin" {
  secret_id = aws_secretsmanager_secret.admin.id
  secret_string = jsonencode({
    email    = var.admin_email
    password = var.admin_password != null ? var.admin_password : random_password.admin[0].result
  })
}

# ---------------------------------------------------------------------------------------------------------------
# IAM: the execution role is what ECS uses to start the task (image, logs, secrets); the task role is what the
# application uses (SQS, S3, SNS).
# ---------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume_execution" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "assume_task" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    # Only ECS tasks of this account may take the application's role (confused-deputy guard, as ECS advises).
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

data "aws_iam_policy_document" "execution" {
  dynamic "statement" {
    for_each = local.ecr_repository != null ? [1] : []
    content {
      sid       = "PullDashboardImage"
      effect    = "Allow"
      actions   = ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]
      resources = [local.ecr_repository]
    }
  }

  # The registry login token is account-wide; ECR offers no resource to scope it to.
  dynamic "statement" {
    for_each = local.ecr_repository != null ? [1] : []
    content {
      sid       = "EcrLogin"
      effect    = "Allow"
      actions   = ["ecr:GetAuthorizationToken"]
      resources = ["*"]
    }
  }

  statement {
    sid       = "WriteLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  statement {
    sid       = "InjectSecrets"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = concat([var.db_secret_arn, aws_secretsmanager_secret.admin.arn], local.extra_secret_arns)
  }
}

data "aws_iam_policy_document" "task" {
  # The dashboard's ingest endpoints (same as the Lambda's) queue events ...
  statement {
    sid       = "EnqueueEvents"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [var.queue_arn]
  }

  # The dead-letter API (/api/v1/dead-letters) finds the dead-letter queue through the queue's redrive policy ...
  statement {
    sid       = "ReadTheRedrivePolicy"
    effect    = "Allow"
    actions   = ["sqs:GetQueueAttributes"]
    resources = [var.queue_arn]
  }

  # ... lists its messages (receive, then release), replays (send to the queue, then delete) or deletes them, and
  # starts SQS's message move task for "replay all".
  statement {
    sid       = "RepairDeadLetters"
    effect    = "Allow"
    actions   = ["sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:GetQueueUrl", "sqs:StartMessageMoveTask"]
    resources = [var.dlq_arn]
  }

  # ... with claim checks for large ones.
  statement {
    sid       = "WriteClaimChecks"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arn}/claims/*"]
  }

  # Source map uploads and deletions (artifacts/<id>).
  statement {
    sid       = "ManageUploadedSourceMaps"
    effect    = "Allow"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${var.bucket_arn}/artifacts/*"]
  }

  # Reading maps: uploaded ones and those placed by hand at <project id>/<file>.map (no common prefix).
  statement {
    sid       = "ReadSourceMaps"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arn}/*"]
  }

  # So a missing key answers 404, not 403.
  statement {
    sid       = "TellMissingMapsFromDenied"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
  }

  # One topic per project, created, subscribed and deleted by the dashboard; alerts are published from its outbox.
  dynamic "statement" {
    for_each = var.sns_email_alerts ? [1] : []
    content {
      sid    = "ProjectAlertTopics"
      effect = "Allow"
      actions = [
        "sns:CreateTopic",
        "sns:DeleteTopic",
        "sns:Subscribe",
        "sns:Unsubscribe",
        "sns:Publish",
        "sns:ListSubscriptionsByTopic",
      ]
      resources = [local.sns_topics_arn]
    }
  }
}

resource "aws_iam_role" "execution" {
  name               = "${var.name}-dashboard-execution"
  assume_role_policy = data.aws_iam_policy_document.assume_execution.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "execution" {
  name   = "start-dashboard"
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.execution.json
}

resource "aws_iam_role" "task" {
  name               = "${var.name}-dashboard"
  assume_role_policy = data.aws_iam_policy_document.assume_task.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "task" {
  name   = "dashboard"
  role   = aws_iam_role.task.id
  policy = data.aws_iam_policy_document.task.json
}

# ---------------------------------------------------------------------------------------------------------------
# Load balancer. HTTPS with a current TLS policy; port 80 only redirects, unless allow_http is set explicitly.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_lb" "this" {
  name               = "${var.name}-dashboard"
  load_balancer_type = "application"
  internal           = false
  security_groups    = [var.alb_security_group_id]
  subnets            = var.public_subnet_ids
  # Requests with malformed headers are dropped rather than passed to the application.
  drop_invalid_header_fields = true
  # Vaadin's push connection stays open between server pushes.
  idle_timeout = 300

  lifecycle {
    precondition {
      condition     = local.https || var.allow_http
      error_message = "Give certificate_arn for HTTPS, or set allow_http = true explicitly to serve the dashboard in plain HTTP."
    }
  }

  tags = var.tags
}

resource "aws_lb_target_group" "this" {
  name                 = "${var.name}-dashboard"
  port                 = local.port
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = 30

  # ECS replaces a task this check calls unhealthy (the image has no shell tools, so it is the liveness check).
  # Liveness, not readiness: readiness includes the database, and during an RDS failover (typically one to two
  # minutes, longer than 4 x 15 s) every task would fail it at once and be killed, so the dashboard would restart
  # from nothing right when the database comes back. The server accepts connections only once the context started,
  # i.e. after Flyway ran, so a new task still turns healthy only with a migrated schema.
  health_check {
    path                = "/actuator/health/liveness"
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 4
  }

  # A Vaadin UI lives in one server's memory: each browser session must keep reaching the same task.
  stickiness {
    type            = "lb_cookie"
    enabled         = true
    cookie_duration = 86400
  }

  tags = var.tags
}

resource "aws_lb_listener" "https" {
  count             = local.https ? 1 : 0
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}

resource "aws_lb_listener" "http_redirect" {
  count             = var.allow_http ? 0 : 1
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"
    redirect {
      port        = "443"
      protocol    = "HTTPS"
      status_code = "HTTP_301"
    }
  }

  tags = var.tags
}

resource "aws_lb_listener" "http_plain" {
  count             = var.allow_http ? 1 : 0
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.this.arn
  }

  tags = var.tags
}

resource "aws_route53_record" "dashboard" {
  count   = var.route53_zone_id != null ? 1 : 0
  zone_id = var.route53_zone_id
  name    = var.domain_name
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}

# ---------------------------------------------------------------------------------------------------------------
# ECS
# ---------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "this" {
  name              = "/ecs/${var.name}-dashboard"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_ecs_cluster" "this" {
  name = var.name
  tags = var.tags
}

resource "aws_ecs_task_definition" "this" {
  family                   = "${var.name}-dashboard"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu
  memory                   = var.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = jsonencode([
    {
      name         = "dashboard"
      image        = var.image
      essential    = true
      portMappings = [{ containerPort = local.port, protocol = "tcp" }]
      environment  = [for key in sort(keys(local.environment)) : { name = key, value = local.environment[key] }]
      # Injected by ECS from Secrets Manager at start; never part of the task definition.
      secrets = concat([
        { name = "FLYTRAP_DB_PASSWORD", valueFrom = "${var.db_secret_arn}:password::" },
        { name = "FLYTRAP_ADMIN_PASSWORD", valueFrom = "${aws_secretsmanager_secret.admin.arn}:password::" },
      ], [for key in sort(keys(local.sso_secrets)) : { name = key, valueFrom = local.sso_secrets[key] }], [for key in sort(keys(var.secrets)) : { name = key, valueFrom = var.secrets[key] }])
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.this.name
          awslogs-region        = var.region
          awslogs-stream-prefix = "dashboard"
        }
      }
    }
  ])

  tags = var.tags

  depends_on = [aws_secretsmanager_secret_version.admin]
}

resource "aws_ecs_service" "this" {
  name            = "${var.name}-dashboard"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.this.arn
  desired_count   = var.desired_count
  launch_type     = "FARGATE"
  propagate_tags  = "SERVICE"
  # No shell into the tasks: there is nothing to log in to, and the audit trail stays in the application.
  enable_execute_command = false

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [var.tasks_security_group_id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = aws_lb_target_group.this.arn
    container_name   = "dashboard"
    container_port   = local.port
  }

  # Flyway migrates the schema before the application reports ready; give a long migration time.
  health_check_grace_period_seconds = 300

  # Rolling deploys start the new task before stopping the old one; a task that never gets healthy rolls back.
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  # The apply waits until the tasks run and pass the health check, so an image that cannot be pulled or a task
  # that never starts fails `terraform apply` (after the provider's timeout) instead of leaving a service that
  # restarts tasks in the background while the apply reports success.
  wait_for_steady_state = true

  tags = var.tags

  depends_on = [aws_lb_listener.https, aws_lb_listener.http_plain, aws_iam_role_policy.execution]
}

# ---------------------------------------------------------------------------------------------------------------
# Alarms: 5xx from the application (target) and from the load balancer itself (no healthy task, timeouts).
# ---------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "target_5xx" {
  alarm_name          = "${var.name}-dashboard-target-5xx"
  alarm_description   = "The dashboard answered more than ${var.alb_5xx_alarm_threshold} 5xx in 5 minutes. Read /ecs/${var.name}-dashboard."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = { LoadBalancer = aws_lb.this.arn_suffix }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alb_5xx_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "elb_5xx" {
  alarm_name          = "${var.name}-dashboard-elb-5xx"
  alarm_description   = "The dashboard's load balancer answered more than ${var.alb_5xx_alarm_threshold} 5xx itself in 5 minutes (502/503/504: no healthy task, or tasks not answering). Check the ECS service's events."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  dimensions          = { LoadBalancer = aws_lb.this.arn_suffix }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.alb_5xx_alarm_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}
