# The Lambdas built from one jar: `ingest` behind an API Gateway HTTP API, `process` fed by SQS, and `migrate`,
# which Terraform invokes on every apply that brings a new jar, before the other two publish their new versions.
#
# Database password: never in the functions' environment (anyone allowed lambda:GetFunctionConfiguration could read
# it there). Each function imports the database module's secret while it starts (spring.config.import, Spring
# Cloud AWS Secrets Manager; the JSON keys become spring.datasource.*), once: with SnapStart the value is part of
# the snapshot, so no invocation calls Secrets Manager. The flip side: a function keeps the password it started
# with. The secret's version id is in the environment, so a password changed through Terraform publishes new
# versions (and snapshots); a password changed behind Terraform's back (console, rotation) reaches the functions
# only with the next publish. docs/deploy-aws.md, "Changing the database password".

locals {
  ingest_name  = "${var.name}-ingest"
  process_name = "${var.name}-process"
  migrate_name = "${var.name}-migrate"
  handler      = "org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest"
  jar_sha256   = filesha256(var.jar_path)

  # Settings the functions share; each adds the function it runs (spring_cloud_function_definition).
  environment = {
    MAIN_CLASS = "io.flytrap.functions.lambda.LambdaApplication"
    # The bean definitions Spring prepared when the jar was built (for these very settings: SQS, S3): a cold start
    # skips configuration parsing and condition checks (docs/performance.md, "Process Lambda cold start")
    JAVA_TOOL_OPTIONS                          = "-Dspring.aot.enabled=true"
    FLYTRAP_QUEUE_TYPE                         = "sqs"
    FLYTRAP_QUEUE_SQS_QUEUE                    = var.queue_url
    FLYTRAP_QUEUE_SQS_CLAIM_BUCKET             = var.bucket_name
    FLYTRAP_QUEUE_SQS_MAX_MESSAGE_SIZE         = "${var.queue_max_message_bytes}B"
    FLYTRAP_ARTIFACTS_STORAGE                  = "s3"
    FLYTRAP_ARTIFACTS_S3_BUCKET                = var.bucket_name
    FLYTRAP_DB_URL                             = var.db_url
    FLYTRAP_DB_USER                            = var.db_user
    SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE = tostring(var.db_pool_size)
    SPRING_CLOUD_AWS_REGION_STATIC             = var.region
    # The credentials come from the secret at start (see the top of this file); the version id is here so that a
    # new password publishes new versions instead of leaving the old one frozen in the snapshots.
    SPRING_CONFIG_IMPORT      = "aws-secretsmanager:${var.db_secret_arn}?prefix=spring.datasource."
    FLYTRAP_DB_SECRET_VERSION = var.db_secret_version_id
    # Processing decides who an alert e-mail goes to: one per member over SMTP, one per project topic over SNS
    # (<prefix><project id>). Both must agree with the dashboard, which creates the topics and sends; the example
    # root passes the same sns_topic_prefix to both modules, and tests/ compares the two environments.
    FLYTRAP_ALERTS_EMAIL            = var.sns_email_alerts ? "sns" : "smtp"
    FLYTRAP_ALERTS_SNS_TOPIC_PREFIX = var.sns_topic_prefix
    # Log lines as JSON (Elastic Common Schema) for CloudWatch Logs Insights. Metrics need no setting: they are
    # embedded metric format lines in the same logs, namespace "Flytrap" (docs/operations.md)
    FLYTRAP_LOG_FORMAT = "ecs"
  }

  # Sentry SDKs send to /api/<project>/envelope/ and /store/, most with a trailing slash. An HTTP API refuses a
  # route path ending in "/", so one greedy route takes both spellings (and any other path under a project); the
  # function answers what it does not serve with 404 (ApiGatewayIngestFunction).
  # OPTIONS goes to the function too, which answers CORS preflights itself (see README: why not API Gateway's CORS).
  ingest_paths = [
    "/api/errors",
    "/api/rejections",
    "/api/{project}/{endpoint+}",
  ]
  ingest_route_keys = toset(flatten([for path in local.ingest_paths : ["POST ${path}", "OPTIONS ${path}"]]))

  custom_domain = var.ingest_domain_name != null
}

# ---------------------------------------------------------------------------------------------------------------
# Code: uploaded once, used by both functions.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_s3_object" "jar" {
  bucket                 = var.code_bucket
  key                    = "lambda/flytrap-functions-${local.jar_sha256}.jar"
  source                 = var.jar_path
  server_side_encryption = "AES256"
  tags                   = var.tags
}

# ---------------------------------------------------------------------------------------------------------------
# Logs: created here (not by the functions on first run) so retention applies and the roles need no
# logs:CreateLogGroup.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "ingest" {
  name              = "/aws/lambda/${local.ingest_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "process" {
  name              = "/aws/lambda/${local.process_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "migrate" {
  name              = "/aws/lambda/${local.migrate_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/apigateway/${local.ingest_name}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

# ---------------------------------------------------------------------------------------------------------------
# IAM: one role per function, each allowed exactly what its function calls.
# ---------------------------------------------------------------------------------------------------------------

data "aws_iam_policy_document" "assume_lambda" {
  statement {
    effect  = "Allow"
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

# A function in a VPC manages its network interfaces through its own role. EC2 offers no resource-level
# permissions for the Describe call and names new interfaces only after creating them, hence "*" here
# (the same statement as AWS's managed AWSLambdaVPCAccessExecutionRole, without its logs:* parts).
# Written once and merged into both functions' policies through source_policy_documents.
data "aws_iam_policy_document" "vpc_access" {
  statement {
    sid    = "VpcNetworkInterfaces"
    effect = "Allow"
    actions = [
      "ec2:CreateNetworkInterface",
      "ec2:DescribeNetworkInterfaces",
      "ec2:DescribeSubnets",
      "ec2:DeleteNetworkInterface",
      "ec2:AssignPrivateIpAddresses",
      "ec2:UnassignPrivateIpAddresses",
    ]
    resources = ["*"]
  }
}

# The database credentials, read once at start (spring.config.import). The secret is encrypted with the account's
# AWS managed key for Secrets Manager, whose key policy lets callers allowed GetSecretValue decrypt through the
# service: no kms:Decrypt here (a customer-managed key would need it, on that key only).
data "aws_iam_policy_document" "database_secret" {
  statement {
    sid       = "ReadDatabaseSecret"
    effect    = "Allow"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [var.db_secret_arn]
  }
}

data "aws_iam_policy_document" "ingest" {
  source_policy_documents = [data.aws_iam_policy_document.vpc_access.json, data.aws_iam_policy_document.database_secret.json]

  statement {
    sid       = "OwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.ingest.arn}:*"]
  }

  statement {
    sid       = "EnqueueEvents"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [var.queue_arn]
  }

  # Events above the queue's message size are stored as claim checks first.
  statement {
    sid       = "WriteClaimChecks"
    effect    = "Allow"
    actions   = ["s3:PutObject"]
    resources = ["${var.bucket_arn}/claims/*"]
  }
}

data "aws_iam_policy_document" "process" {
  source_policy_documents = [data.aws_iam_policy_document.vpc_access.json, data.aws_iam_policy_document.database_secret.json]

  statement {
    sid       = "OwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.process.arn}:*"]
  }

  # The event source mapping polls the queue with the function's role and deletes what the function handled.
  statement {
    sid       = "ConsumeEvents"
    effect    = "Allow"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
    resources = [var.queue_arn]
  }

  # Claim checks (claims/), uploaded source maps (artifacts/) and maps placed by hand at <project id>/<file>.map.
  # The last have no common prefix, so reading is allowed bucket-wide; the bucket holds nothing else secret
  # (the Lambda jar under lambda/ is the code this function already runs).
  statement {
    sid       = "ReadClaimChecksAndSourceMaps"
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["${var.bucket_arn}/*"]
  }

  # Without ListBucket S3 answers 403 instead of 404 for a missing key, and a frame whose map is absent would fail
  # its event instead of staying minified.
  statement {
    sid       = "TellMissingMapsFromDenied"
    effect    = "Allow"
    actions   = ["s3:ListBucket"]
    resources = [var.bucket_arn]
  }
}

# Migrations need the database only: logs, the network interfaces and the secret.
data "aws_iam_policy_document" "migrate" {
  source_policy_documents = [data.aws_iam_policy_document.vpc_access.json, data.aws_iam_policy_document.database_secret.json]

  statement {
    sid       = "OwnLogs"
    effect    = "Allow"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.migrate.arn}:*"]
  }
}

resource "aws_iam_role" "ingest" {
  name               = local.ingest_name
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "ingest" {
  name   = "ingest"
  role   = aws_iam_role.ingest.id
  policy = data.aws_iam_policy_document.ingest.json
}

resource "aws_iam_role" "process" {
  name               = local.process_name
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "process" {
  name   = "process"
  role   = aws_iam_role.process.id
  policy = data.aws_iam_policy_document.process.json
}

resource "aws_iam_role" "migrate" {
  name               = local.migrate_name
  assume_role_policy = data.aws_iam_policy_document.assume_lambda.json
  tags               = var.tags
}

resource "aws_iam_role_policy" "migrate" {
  name   = "migrate"
  role   = aws_iam_role.migrate.id
  policy = data.aws_iam_policy_document.migrate.json
}

# ---------------------------------------------------------------------------------------------------------------
# Schema first. The functions that serve traffic must never run against a schema older than their jar: `migrate`
# (same jar, function `migrate`: Flyway's migrations, run through the Flyway API) is invoked during the apply
# whenever the jar changes, and ingest and process publish their new versions only after it succeeded. A failed
# migration fails the invocation and so the apply, and the old versions keep serving. Not SnapStart: it runs
# once per apply, and a snapshot would cost more than the start. No reserved concurrency (see ingest's): two
# overlapping invocations are safe, Flyway serializes them with a database lock.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_lambda_function" "migrate" {
  function_name    = local.migrate_name
  description      = "Flytrap migrate: brings the database schema up to the jar's migrations (invoked by Terraform)"
  role             = aws_iam_role.migrate.arn
  runtime          = var.runtime
  architectures    = [var.architecture]
  handler          = local.handler
  s3_bucket        = aws_s3_object.jar.bucket
  s3_key           = aws_s3_object.jar.key
  source_code_hash = filebase64sha256(var.jar_path)
  memory_size      = var.migrate_memory_mb
  timeout          = var.migrate_timeout_seconds

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [var.security_group_id]
  }

  environment {
    variables = merge(local.environment, { spring_cloud_function_definition = "migrate" })
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.migrate, aws_iam_role_policy.migrate]
}

# Invoked again whenever the jar (its migrations) or the database changes; the answer is {"schemaVersion": "<n>"}.
resource "aws_lambda_invocation" "migrate" {
  function_name = aws_lambda_function.migrate.function_name
  input         = jsonencode({ jar = local.jar_sha256 })

  triggers = {
    jar      = local.jar_sha256
    database = var.db_url
  }
}

# ---------------------------------------------------------------------------------------------------------------
# Functions. Both publish a version on every change and run through an alias, so SnapStart (which applies to
# published versions only) serves every invocation: the Spring context is restored from a snapshot instead of
# starting on each cold start.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_lambda_function" "ingest" {
  function_name    = local.ingest_name
  description      = "Flytrap ingest: checks the key and limits, queues the raw event"
  role             = aws_iam_role.ingest.arn
  runtime          = var.runtime
  architectures    = [var.architecture]
  handler          = local.handler
  s3_bucket        = aws_s3_object.jar.bucket
  s3_key           = aws_s3_object.jar.key
  source_code_hash = filebase64sha256(var.jar_path)
  memory_size      = var.ingest_memory_mb
  timeout          = var.ingest_timeout_seconds
  publish          = true

  # null: no reservation (AWS refuses one that would leave fewer than 100 unreserved; see the variable)
  reserved_concurrent_executions = var.ingest_reserved_concurrency

  snap_start {
    apply_on = "PublishedVersions"
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [var.security_group_id]
  }

  environment {
    variables = merge(local.environment, { spring_cloud_function_definition = "ingest" })
  }

  tags = var.tags

  # Published (and snapshotted) only once the schema is current for this jar.
  depends_on = [aws_cloudwatch_log_group.ingest, aws_iam_role_policy.ingest, aws_lambda_invocation.migrate]
}

resource "aws_lambda_alias" "ingest" {
  name             = "live"
  function_name    = aws_lambda_function.ingest.function_name
  function_version = aws_lambda_function.ingest.version

  depends_on = [aws_lambda_invocation.migrate]
}

resource "aws_lambda_function" "process" {
  function_name    = local.process_name
  description      = "Flytrap process: normalizes, scrubs, groups and stores batches of queued events"
  role             = aws_iam_role.process.arn
  runtime          = var.runtime
  architectures    = [var.architecture]
  handler          = local.handler
  s3_bucket        = aws_s3_object.jar.bucket
  s3_key           = aws_s3_object.jar.key
  source_code_hash = filebase64sha256(var.jar_path)
  memory_size      = var.process_memory_mb
  timeout          = var.process_timeout_seconds
  publish          = true

  snap_start {
    apply_on = "PublishedVersions"
  }

  vpc_config {
    subnet_ids         = var.subnet_ids
    security_group_ids = [var.security_group_id]
  }

  environment {
    variables = merge(local.environment, { spring_cloud_function_definition = "processSqs" })
  }

  tags = var.tags

  depends_on = [aws_cloudwatch_log_group.process, aws_iam_role_policy.process, aws_lambda_invocation.migrate]
}

resource "aws_lambda_alias" "process" {
  name             = "live"
  function_name    = aws_lambda_function.process.function_name
  function_version = aws_lambda_function.process.version

  depends_on = [aws_lambda_invocation.migrate]
}

# SQS -> process. The function returns the ids of the messages it could not store (batchItemFailures); only those
# come back after the visibility timeout, and after max_receive_count deliveries they move to the dead-letter queue.
resource "aws_lambda_event_source_mapping" "process" {
  event_source_arn                   = var.queue_arn
  function_name                      = aws_lambda_alias.process.arn
  batch_size                         = var.process_batch_size
  maximum_batching_window_in_seconds = var.process_batching_window_seconds
  function_response_types            = ["ReportBatchItemFailures"]

  # Bounded so the database is not overrun: every instance holds db_pool_size connections.
  scaling_config {
    maximum_concurrency = var.process_max_concurrency
  }

  lifecycle {
    precondition {
      condition     = var.queue_visibility_timeout_seconds >= 6 * var.process_timeout_seconds
      error_message = "The queue's visibility timeout must be at least six times the process Lambda's timeout (AWS's advice for SQS event sources), or messages still being processed are delivered again."
    }
  }

  depends_on = [aws_iam_role_policy.process, aws_lambda_invocation.migrate]
}

# ---------------------------------------------------------------------------------------------------------------
# HTTP API -> ingest. CORS is answered by the function (same headers as the containers' endpoints, one place to
# change them), so the API has no cors_configuration: with one, API Gateway would answer preflights itself and
# replace the function's CORS headers.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_apigatewayv2_api" "ingest" {
  name          = local.ingest_name
  description   = "Flytrap ingest: native and Sentry-compatible event endpoints"
  protocol_type = "HTTP"
  # With a custom domain, SDKs use it; the execute-api address stays reachable unless turned off here.
  disable_execute_api_endpoint = false
  tags                         = var.tags
}

resource "aws_apigatewayv2_integration" "ingest" {
  api_id                 = aws_apigatewayv2_api.ingest.id
  integration_type       = "AWS_PROXY"
  integration_method     = "POST" # how API Gateway calls Lambda, whatever the client's method
  integration_uri        = aws_lambda_alias.ingest.arn
  payload_format_version = "2.0"
  timeout_milliseconds   = min(30000, (var.ingest_timeout_seconds + 1) * 1000)
}

resource "aws_apigatewayv2_route" "ingest" {
  for_each  = local.ingest_route_keys
  api_id    = aws_apigatewayv2_api.ingest.id
  route_key = each.value
  target    = "integrations/${aws_apigatewayv2_integration.ingest.id}"
}

resource "aws_apigatewayv2_stage" "ingest" {
  api_id      = aws_apigatewayv2_api.ingest.id
  name        = "$default"
  auto_deploy = true

  # A flood from one broken client app is stopped here before it costs Lambda invocations; per-project limits
  # (429 with Retry-After) are the application's.
  default_route_settings {
    throttling_rate_limit  = var.throttling_rate_limit
    throttling_burst_limit = var.throttling_burst_limit
  }

  # Who called what and the answer; never bodies or query strings (a sentry_key may ride in the query).
  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format = jsonencode({
      requestId        = "$context.requestId"
      time             = "$context.requestTime"
      ip               = "$context.identity.sourceIp"
      routeKey         = "$context.routeKey"
      status           = "$context.status"
      responseLength   = "$context.responseLength"
      latency          = "$context.responseLatency"
      integrationError = "$context.integrationErrorMessage"
    })
  }

  tags = var.tags
}

resource "aws_lambda_permission" "api_invokes_ingest" {
  statement_id  = "AllowIngestApi"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.ingest.function_name
  qualifier     = aws_lambda_alias.ingest.name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.ingest.execution_arn}/*/*"
}

resource "aws_apigatewayv2_domain_name" "ingest" {
  count       = local.custom_domain ? 1 : 0
  domain_name = var.ingest_domain_name

  domain_name_configuration {
    certificate_arn = var.ingest_certificate_arn
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }

  lifecycle {
    precondition {
      condition     = var.ingest_certificate_arn != null
      error_message = "ingest_domain_name needs ingest_certificate_arn (an ACM certificate in this region)."
    }
  }

  tags = var.tags
}

resource "aws_apigatewayv2_api_mapping" "ingest" {
  count       = local.custom_domain ? 1 : 0
  api_id      = aws_apigatewayv2_api.ingest.id
  domain_name = aws_apigatewayv2_domain_name.ingest[0].id
  stage       = aws_apigatewayv2_stage.ingest.id
}

# ---------------------------------------------------------------------------------------------------------------
# Alarms. Errors are invocations that failed as a whole (an exception out of the handler, a timeout, a start that
# failed); ingest's refusals (401, 429, ...) are answers, and process reports failed messages one by one, so
# neither counts here. Throttles mean the account's concurrency (or ingest_reserved_concurrency) ran out.
# ---------------------------------------------------------------------------------------------------------------

resource "aws_cloudwatch_metric_alarm" "ingest_errors" {
  alarm_name          = "${local.ingest_name}-errors"
  alarm_description   = "The ingest Lambda failed invocations (SDKs got a 5xx and will retry). Read /aws/lambda/${local.ingest_name}."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.ingest.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "ingest_throttles" {
  alarm_name          = "${local.ingest_name}-throttles"
  alarm_description   = "Ingest invocations were throttled (SDKs got 429/503 and retry or drop events): the account's Lambda concurrency, or ingest_reserved_concurrency, is exhausted."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.ingest.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "process_errors" {
  alarm_name          = "${local.process_name}-errors"
  alarm_description   = "Whole batches failed in the process Lambda; they come back after the visibility timeout and end in the dead-letter queue after max_receive_count tries. Read /aws/lambda/${local.process_name}."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.process.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}

resource "aws_cloudwatch_metric_alarm" "process_throttles" {
  alarm_name          = "${local.process_name}-throttles"
  alarm_description   = "Process invocations were throttled: the account's Lambda concurrency is exhausted, so the queue backs up."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.process.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions
  tags                = var.tags
}
