// Proves each check can fail: breaks one invariant at a time in an in-memory copy of the files and expects the
// check that guards it to report a problem. A check that passes everything would be caught here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checks } from './lib/checks.mjs';
import { loadTerraform } from './lib/terraform.mjs';

/**
 * `text` as a pattern in which each run of spaces matches any run of spaces: `terraform fmt` re-aligns the `=` signs
 * of a block when a line in it changes, and a mutation must not break because another edit moved them.
 */
function spaced(text) {
  return new RegExp(text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ +/g, ' +'), 'g');
}

/** Replaces the first `from` after `anchor` (or anywhere); fails when the text is not there, so mutations cannot rot. */
function replace(from, to, anchor = '') {
  return (text) => {
    const start = anchor ? (spaced(anchor).exec(text)?.index ?? -1) : 0;
    const pattern = spaced(from);
    pattern.lastIndex = Math.max(start, 0);
    const match = start < 0 ? null : pattern.exec(text);
    if (!match) throw new Error(`mutation target not found: ${anchor} ... ${from}`);
    return text.slice(0, match.index) + to + text.slice(match.index + match[0].length);
  };
}

const LAMBDAS = 'modules/lambdas/main.tf';
const PROCESS = 'resource "aws_lambda_function" "process"';
const INGEST = 'resource "aws_lambda_function" "ingest"';
const NETWORK = 'modules/network/main.tf';
const DASHBOARD = 'modules/dashboard/main.tf';
const EXAMPLE = 'examples/aws/main.tf';
const DOCS = '../docs/deploy-aws.md';
const SNAPSTART = 'both Lambdas run SnapStart';
/** Appends a security group rule to the network module. */
const addRule = (type, name, body) => ({ [NETWORK]: (text) => `${text}\nresource "${type}" "${name}" {\n${body}\n}\n` });

const SCHEMA = 'every resource, data and provider block sets only';
const READS = 'every read of a resource or data source attribute';
const LOCK = 'every example root has the lock file';
const LOCKFILE = 'examples/aws/.terraform.lock.hcl';

const mutations = [
  ['a .tf file with a syntax error', 'every .tf file', { 'modules/queue/main.tf': (text) => `${text}\nresource "aws_sqs_queue" "broken" {\n  name =\n}\n` }],
  ['a variable without a description', 'every variable has', {
    'modules/queue/variables.tf': replace('  description = "ARNs (e.g. an SNS topic) notified when the dead-letter queue holds messages or the oldest queued event is too old."\n', '') }],
  ['a variable without a type', 'every variable has', { 'examples/aws/variables.tf': replace('  type        = bool\n', '') }],
  ['a module without its README', 'every module and example', { 'modules/storage/README.md': null }],
  ['a module without versions.tf', 'every module and example', { 'modules/queue/versions.tf': null }],
  ['a misspelt module argument', 'module calls pass', { 'examples/aws/main.tf': replace('  max_receive_count          = var.max_receive_count', '  max_receive_counts         = var.max_receive_count') }],
  ['a missing required module argument', 'module calls pass', { 'examples/aws/main.tf': replace('  admin_email      = var.admin_email\n', '') }],
  ['a read of an undeclared output', 'module calls pass', { 'examples/aws/outputs.tf': replace('module.queue.dlq_url', 'module.queue.dead_letter_url') }],
  ['a reference to an undeclared variable', 'every var., local.', { 'modules/queue/main.tf': replace('var.dlq_retention_seconds', 'var.dead_letter_retention') }],
  ['a reference to a missing resource', 'every var., local.', { [LAMBDAS]: replace('resources = [var.queue_arn]', 'resources = [aws_sqs_queue.events.arn]') }],
  ['maxReceiveCount defaulting to 3', 'the event queue has a dead-letter', { 'modules/queue/variables.tf': replace('default     = 5', 'default     = 3') }],
  ['the example root passing maxReceiveCount 2', 'the event queue has a dead-letter', { 'examples/aws/main.tf': replace('max_receive_count          = var.max_receive_count', 'max_receive_count          = 2') }],
  ['no dead-letter queue', 'the event queue has a dead-letter', { 'modules/queue/main.tf': replace('deadLetterTargetArn = aws_sqs_queue.dlq.arn', 'deadLetterTargetArn = "arn:aws:sqs:elsewhere"') }],
  ['a visibility timeout of 5x the process timeout in the example', 'the queue visibility timeout', { 'examples/aws/variables.tf': replace('default     = 360', 'default     = 300') }],
  ['a longer process timeout by default', 'the queue visibility timeout', { 'modules/lambdas/variables.tf': replace('default     = 60\n', 'default     = 90\n') }],
  ['no visibility precondition', 'the queue visibility timeout', { [LAMBDAS]: replace('>= 6 * var.process_timeout_seconds', '>= var.process_timeout_seconds') }],
  ['no ReportBatchItemFailures', 'the SQS event source mapping', { [LAMBDAS]: replace('function_response_types            = ["ReportBatchItemFailures"]', 'function_response_types            = []') }],
  ['unbounded process concurrency', 'the SQS event source mapping', { [LAMBDAS]: replace('scaling_config {\n    maximum_concurrency = var.process_max_concurrency\n  }', '') }],
  ['process concurrency of 500', 'the SQS event source mapping', { 'examples/aws/variables.tf': replace('default     = 10\n', 'default     = 500\n', 'variable "process_max_concurrency"') }],
  ['SnapStart off on process', SNAPSTART, { [LAMBDAS]: replace('apply_on = "PublishedVersions"', 'apply_on = "None"', PROCESS) }],
  ['process not published', SNAPSTART, { [LAMBDAS]: replace('publish          = true', 'publish          = false', PROCESS) }],
  ['the mapping invoking $LATEST', SNAPSTART, { [LAMBDAS]: replace('function_name                      = aws_lambda_alias.process.arn', 'function_name                      = aws_lambda_function.process.arn') }],
  ['SnapStart off on ingest', SNAPSTART, { [LAMBDAS]: replace('apply_on = "PublishedVersions"', 'apply_on = "None"', INGEST) }],
  ['ingest not published', SNAPSTART, { [LAMBDAS]: replace('publish          = true', 'publish          = false', INGEST) }],
  ['the API integration invoking ingest $LATEST', SNAPSTART, { [LAMBDAS]: replace('integration_uri        = aws_lambda_alias.ingest.arn', 'integration_uri        = aws_lambda_function.ingest.arn') }],
  ['the API permission on the unqualified function', SNAPSTART, { [LAMBDAS]: replace('  qualifier     = aws_lambda_alias.ingest.name\n', '') }],
  ['a Lambda without MAIN_CLASS', 'the Lambdas run the jar', { [LAMBDAS]: replace('    MAIN_CLASS                                 = "io.flytrap.functions.lambda.LambdaApplication"\n', '') }],
  ['Lambdas starting without the build-time prepared context', 'the Lambdas run the jar', { [LAMBDAS]: replace('JAVA_TOOL_OPTIONS = "-Dspring.aot.enabled=true"', 'JAVA_TOOL_OPTIONS = "-XX:+UseSerialGC"') }],
  ['a Lambda migrating the schema', 'the Lambdas run the jar', { [LAMBDAS]: replace('    FLYTRAP_QUEUE_TYPE ', '    SPRING_FLYWAY_ENABLED = "true"\n    FLYTRAP_QUEUE_TYPE ') }],
  ['the wrong function for process', 'the Lambdas run the jar', { [LAMBDAS]: replace('spring_cloud_function_definition = "processSqs"', 'spring_cloud_function_definition = "process"') }],
  ['no /api/rejections route', 'the ingest API routes', { [LAMBDAS]: replace('    "/api/rejections",\n', '') }],
  ['a route path ending in "/" (refused by HTTP APIs)', 'the ingest API routes', { [LAMBDAS]: replace('    "/api/{project}/{endpoint+}",\n', '    "/api/{project}/envelope/",\n    "/api/{project}/envelope",\n') }],
  ['Sentry routes without their trailing-slash spelling', 'the ingest API routes', { [LAMBDAS]: replace('    "/api/{project}/{endpoint+}",\n', '    "/api/{project}/envelope",\n    "/api/{project}/store",\n') }],
  ['a greedy variable before the end of a route', 'the ingest API routes', { [LAMBDAS]: replace('"/api/{project}/{endpoint+}"', '"/api/{project+}/envelope"') }],
  ['payload format 1.0', 'the ingest API routes', { [LAMBDAS]: replace('payload_format_version = "2.0"', 'payload_format_version = "1.0"') }],
  ['a Lambda integration without integration_method', 'the ingest API routes', { [LAMBDAS]: replace('  integration_method     = "POST"', '') }],
  ['no stage throttling', 'the ingest API routes', { [LAMBDAS]: replace('    throttling_rate_limit  = var.throttling_rate_limit\n', '') }],
  ['an alarm without alarm_actions', 'every alarm notifies', { [LAMBDAS]: replace('  alarm_actions       = var.alarm_actions\n', '', 'resource "aws_cloudwatch_metric_alarm" "process_throttles"') }],
  ['the example root giving the dashboard\'s alarms no topic', 'every alarm notifies', { [EXAMPLE]: replace('  admin_password   = var.admin_password\n\n  alarm_actions = [aws_sns_topic.alarms.arn]\n', '  admin_password   = var.admin_password\n') }],
  ['the alarm topic created only with an e-mail address', 'every alarm notifies', { [EXAMPLE]: replace('resource "aws_sns_topic" "alarms" {\n', 'resource "aws_sns_topic" "alarms" {\n  count = var.alarm_email != null ? 1 : 0\n') }],
  ['an e-mail subscription that is not optional', 'every alarm notifies', { [EXAMPLE]: replace('  count     = var.alarm_email != null ? 1 : 0\n  topic_arn = aws_sns_topic.alarms.arn', '  topic_arn = aws_sns_topic.alarms.arn') }],
  ['no throttles alarm on process', 'alarms cover', { [LAMBDAS]: replace('metric_name         = "Throttles"', 'metric_name         = "Invocations"', 'resource "aws_cloudwatch_metric_alarm" "process_throttles"') }],
  ['the ingest errors alarm watching process', 'alarms cover', { [LAMBDAS]: replace('dimensions          = { FunctionName = aws_lambda_function.ingest.function_name }', 'dimensions          = { FunctionName = aws_lambda_function.process.function_name }', 'resource "aws_cloudwatch_metric_alarm" "ingest_errors"') }],
  ['the queue age alarm on the dead-letter queue', 'alarms cover', { 'modules/queue/main.tf': replace('dimensions          = { QueueName = aws_sqs_queue.events.name }', 'dimensions          = { QueueName = aws_sqs_queue.dlq.name }', 'resource "aws_cloudwatch_metric_alarm" "events_waiting"') }],
  ['a free storage alarm that fires when storage is plenty', 'alarms cover', { 'modules/database/main.tf': replace('comparison_operator = "LessThanThreshold"', 'comparison_operator = "GreaterThanThreshold"') }],
  ['no connections alarm', 'alarms cover', { 'modules/database/main.tf': replace('metric_name         = "DatabaseConnections"', 'metric_name         = "ReadIOPS"') }],
  ['no load balancer 5xx alarm', 'alarms cover', { [DASHBOARD]: replace('metric_name         = "HTTPCode_ELB_5XX_Count"', 'metric_name         = "HTTPCode_ELB_4XX_Count"') }],
  ['no target 5xx alarm', 'alarms cover', { [DASHBOARD]: replace('metric_name         = "HTTPCode_Target_5XX_Count"', 'metric_name         = "RequestCount"') }],
  ['the RDS log group created after the instance', 'the PostgreSQL log', { 'modules/database/main.tf': replace('  depends_on = [aws_cloudwatch_log_group.postgresql]\n', '') }],
  ['the RDS log group without retention', 'the PostgreSQL log', { 'modules/database/main.tf': replace('  retention_in_days = var.log_retention_days\n', '', 'resource "aws_cloudwatch_log_group" "postgresql"') }],
  ['the RDS log group under another name', 'the PostgreSQL log', { 'modules/database/main.tf': replace('name              = "/aws/rds/instance/${var.name}/postgresql"', 'name              = "/rds/${var.name}/postgresql"') }],
  ['FLYTRAP_DB_PASSWORD back in the Lambdas\' environment', 'no Lambda environment holds', { [LAMBDAS]: replace('    SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE = ', '    FLYTRAP_DB_PASSWORD                        = var.db_user\n    SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE = ') }],
  ['a Lambda setting read from the secret\'s secret_string at apply time', 'no Lambda environment holds', { [LAMBDAS]: replace('    FLYTRAP_DB_SECRET_VERSION = var.db_secret_version_id\n', '    FLYTRAP_DB_SECRET_VERSION = var.db_secret_version_id\n    FLYTRAP_DB_CREDENTIALS    = data.aws_secretsmanager_secret_version.db.secret_string\n') }],
  ['the example root handing the generated password to a Lambda variable', 'no Lambda environment holds', {
    'modules/database/outputs.tf': (text) => `${text}\noutput "password" {\n  description = "Master password."\n  value       = random_password.master.result\n  sensitive   = true\n}\n`,
    [EXAMPLE]: replace('db_user              = module.database.username', 'db_user              = module.database.password') }],
  ['Lambdas without the secret import', 'no Lambda environment holds', { [LAMBDAS]: replace('    SPRING_CONFIG_IMPORT      = "aws-secretsmanager:${var.db_secret_arn}?prefix=spring.datasource."\n', '') }],
  ['no secret version in the environment (SnapStart would keep an old password)', 'no Lambda environment holds', { [LAMBDAS]: replace('    FLYTRAP_DB_SECRET_VERSION = var.db_secret_version_id\n', '') }],
  ['the process role unable to read the secret', 'each Lambda may read exactly', { [LAMBDAS]: replace('source_policy_documents = [data.aws_iam_policy_document.vpc_access.json, data.aws_iam_policy_document.database_secret.json]', 'source_policy_documents = [data.aws_iam_policy_document.vpc_access.json]', 'data "aws_iam_policy_document" "process"') }],
  ['the migrate role unable to read the secret', 'each Lambda may read exactly', { [LAMBDAS]: replace('source_policy_documents = [data.aws_iam_policy_document.vpc_access.json, data.aws_iam_policy_document.database_secret.json]', 'source_policy_documents = [data.aws_iam_policy_document.vpc_access.json]', 'data "aws_iam_policy_document" "migrate"') }],
  ['the Lambdas allowed every secret of the account', 'each Lambda may read exactly', { [LAMBDAS]: replace('resources = [var.db_secret_arn]', 'resources = [var.db_secret_arn, "arn:aws:secretsmanager:eu-west-1:123456789012:secret:flytrap/*"]') }],
  ['the Lambdas allowed to list secrets too', 'each Lambda may read exactly', { [LAMBDAS]: replace('actions   = ["secretsmanager:GetSecretValue"]', 'actions   = ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"]', 'data "aws_iam_policy_document" "database_secret"') }],
  ['the example root giving the Lambdas the admin secret', 'each Lambda may read exactly', { [EXAMPLE]: replace('db_secret_arn        = module.database.secret_arn', 'db_secret_arn        = module.dashboard.admin_secret_arn') }],
  ['ingest publishing without waiting for the migration', 'the Lambdas that serve traffic publish only after', { [LAMBDAS]: replace('aws_iam_role_policy.ingest, aws_lambda_invocation.migrate]', 'aws_iam_role_policy.ingest]') }],
  ['the event source mapping not waiting for the migration', 'the Lambdas that serve traffic publish only after', { [LAMBDAS]: replace('depends_on = [aws_iam_role_policy.process, aws_lambda_invocation.migrate]', 'depends_on = [aws_iam_role_policy.process]', 'resource "aws_lambda_event_source_mapping" "process"') }],
  ['the process alias not waiting for the migration', 'the Lambdas that serve traffic publish only after', { [LAMBDAS]: replace('  depends_on = [aws_lambda_invocation.migrate]\n', '', 'resource "aws_lambda_alias" "process"') }],
  ['a migration that does not rerun for a new jar', 'the Lambdas that serve traffic publish only after', { [LAMBDAS]: replace('    jar      = local.jar_sha256\n', '') }],
  ['a 30 s migration timeout', 'the Lambdas that serve traffic publish only after', { 'modules/lambdas/variables.tf': replace('default     = 300', 'default     = 30', 'variable "migrate_timeout_seconds"') }],
  ['no migrate invocation at all', 'the Lambdas that serve traffic publish only after', { [LAMBDAS]: replace('resource "aws_lambda_invocation" "migrate"', 'resource "aws_lambda_invocation" "warmup"') }],
  ['ingest reserving 20 by default', 'reserved concurrency is off', { 'modules/lambdas/variables.tf': replace('  default     = null\n', '  default     = 20\n', 'variable "ingest_reserved_concurrency"') }],
  ['the example root reserving 20 for ingest', 'reserved concurrency is off', { 'examples/aws/variables.tf': replace('  default     = null\n', '  default     = 20\n', 'variable "ingest_reserved_concurrency"') }],
  ['a reservation validation that refuses null', 'reserved concurrency is off', { 'modules/lambdas/variables.tf': replace('var.ingest_reserved_concurrency == null || ', '') }],
  ['the deployment guide silent on the concurrency quota', 'reserved concurrency is off', { [DOCS]: (text) => text.replace(/minus 100/g, 'less') }],
  ['a target group checking readiness', 'the load balancer checks the dashboard', { [DASHBOARD]: replace('path                = "/actuator/health/liveness"', 'path                = "/actuator/health/readiness"') }],
  ['no trusted proxies for the dashboard', 'the dashboard believes X-Forwarded-For', { [DASHBOARD]: replace('    FLYTRAP_TRUSTED_PROXIES = join(",", sort([for subnet in data.aws_subnet.load_balancer : subnet.cidr_block]))\n', '') }],
  ['the whole world as trusted proxies', 'the dashboard believes X-Forwarded-For', { [DASHBOARD]: replace('join(",", sort([for subnet in data.aws_subnet.load_balancer : subnet.cidr_block]))', '"0.0.0.0/0"') }],
  ['the tasks\' private subnets as trusted proxies', 'the dashboard believes X-Forwarded-For', { [DASHBOARD]: replace('for_each = toset(var.public_subnet_ids)', 'for_each = toset(var.private_subnet_ids)') }],
  ['an ECS service the apply does not wait for', 'terraform apply waits', { [DASHBOARD]: replace('  wait_for_steady_state = true\n', '') }],
  ['a DLQ alarm on a threshold of 5', 'the dead-letter queue has an alarm', { 'modules/queue/main.tf': replace('threshold           = 0', 'threshold           = 5') }],
  ['an alarm on the wrong queue', 'the dead-letter queue has an alarm', { 'modules/queue/main.tf': replace('dimensions          = { QueueName = aws_sqs_queue.dlq.name }', 'dimensions          = { QueueName = aws_sqs_queue.events.name }') }],
  ['unencrypted RDS storage', 'RDS is encrypted', { 'modules/database/main.tf': replace('storage_encrypted     = true', 'storage_encrypted     = false') }],
  ['a publicly accessible RDS', 'RDS is encrypted', { 'modules/database/main.tf': replace('publicly_accessible    = false', 'publicly_accessible    = true') }],
  ['RDS without backups', 'RDS is encrypted', { 'modules/database/variables.tf': replace('default     = 7\n', 'default     = 0\n', 'variable "backup_retention_days"') }],
  ['a bucket allowing public policies', 'every bucket blocks', { 'modules/storage/main.tf': replace('block_public_policy     = true', 'block_public_policy     = false') }],
  ['a bucket without default encryption', 'every bucket blocks', { 'modules/storage/main.tf': replace('resource "aws_s3_bucket_server_side_encryption_configuration" "this"', 'resource "aws_s3_bucket_notification" "this"') }],
  ['PostgreSQL open to the world on the database group', 'no security group rule', addRule('aws_vpc_security_group_ingress_rule', 'database_world',
    '  security_group_id = aws_security_group.database.id\n  cidr_ipv4         = "0.0.0.0/0"\n  ip_protocol       = "tcp"\n  from_port         = 5432\n  to_port           = 5432')],
  ['port 8080 open to the world on the load balancer', 'no security group rule', { [NETWORK]: replace('from_port         = 443\n  to_port           = 443', 'from_port         = 8080\n  to_port           = 8080', 'resource "aws_vpc_security_group_ingress_rule" "alb_https"') }],
  ['a legacy aws_security_group_rule opening 443 on the dashboard tasks to ::/0', 'no security group rule', addRule('aws_security_group_rule', 'dashboard_world',
    '  type              = "ingress"\n  security_group_id = aws_security_group.dashboard.id\n  ipv6_cidr_blocks  = ["::/0"]\n  protocol          = "tcp"\n  from_port         = 443\n  to_port           = 443')],
  ['Lambda HTTPS egress to the whole internet', 'only the dashboard tasks send', { [NETWORK]: replace('prefix_list_id    = aws_vpc_endpoint.s3.prefix_list_id', 'cidr_ipv4         = "0.0.0.0/0"') }],
  ['Lambda egress to the dashboard tasks', 'only the dashboard tasks send', { [NETWORK]: replace('referenced_security_group_id = aws_security_group.endpoints.id', 'referenced_security_group_id = aws_security_group.dashboard.id', 'resource "aws_vpc_security_group_egress_rule" "lambdas_to_endpoints"') }],
  ['the dashboard reaching the internet on all ports', 'only the dashboard tasks send', { [NETWORK]: replace('ip_protocol       = "tcp"\n  from_port         = 443\n  to_port           = 443', 'ip_protocol       = "-1"', 'resource "aws_vpc_security_group_egress_rule" "dashboard_https"') }],
  ['the database group sending to the internet', 'only the dashboard tasks send', addRule('aws_vpc_security_group_egress_rule', 'database_world',
    '  security_group_id = aws_security_group.database.id\n  cidr_ipv4         = "0.0.0.0/0"\n  ip_protocol       = "tcp"\n  from_port         = 443\n  to_port           = 443')],
  ['the dashboard running queue workers', 'the dashboard queues to SQS', { [DASHBOARD]: replace('FLYTRAP_WORKER_ENABLED         = "false"', 'FLYTRAP_WORKER_ENABLED         = "true"') }],
  ['the dashboard on an in-memory queue', 'the dashboard queues to SQS', { [DASHBOARD]: replace('FLYTRAP_QUEUE_TYPE                 = "sqs"', 'FLYTRAP_QUEUE_TYPE                 = "memory"') }],
  ['SPRING_MAIL_PASSWORD in the dashboard\'s plain environment', 'the dashboard queues to SQS', { [DASHBOARD]: replace('    JAVA_TOOL_OPTIONS ', '    SPRING_MAIL_PASSWORD = var.db_url\n    JAVA_TOOL_OPTIONS ') }],
  ['environment free to turn workers on', 'the dashboard queues to SQS', { 'modules/dashboard/variables.tf': replace('["FLYTRAP_WORKER_ENABLED", "FLYTRAP_QUEUE_TYPE"]', '["FLYTRAP_QUEUE_TYPE"]') }],
  ['dashboard_environment accepting passwords', 'the dashboard queues to SQS', { 'examples/aws/variables.tf': replace('!can(regex("(?i)(PASSWORD|SECRET|TOKEN|CREDENTIAL)", key))', 'true') }],
  ['the container ignoring var.secrets', 'further dashboard secrets', { [DASHBOARD]: replace('], [for key in sort(keys(var.secrets)) : { name = key, valueFrom = var.secrets[key] }])', '])') }],
  ['the execution role unable to read var.secrets', 'further dashboard secrets', { [DASHBOARD]: replace('resources = concat([var.db_secret_arn, aws_secretsmanager_secret.admin.arn], local.extra_secret_arns)', 'resources = [var.db_secret_arn, aws_secretsmanager_secret.admin.arn]') }],
  ['the example root passing no dashboard secrets', 'further dashboard secrets', { [EXAMPLE]: replace('  secrets          = var.dashboard_secrets\n', '') }],
  ['the tfvars example with an SMTP password in dashboard_environment', 'further dashboard secrets', { 'examples/aws/terraform.tfvars.example': replace('#   SPRING_MAIL_USERNAME     = "flytrap"', '#   SPRING_MAIL_PASSWORD     = "hunter2"') }],
  ['the deployment guide sending SPRING_MAIL_* to dashboard_environment', 'further dashboard secrets', { [DOCS]: replace('- **SMTP instead of SNS**: set `sns_email_alerts = false`.', '- **SMTP instead of SNS**: set `sns_email_alerts = false`, pass `SPRING_MAIL_*` in `dashboard_environment`.') }],
  ['the Lambdas without the SNS topic prefix', 'the Lambdas and the dashboard share', { [LAMBDAS]: replace('    FLYTRAP_ALERTS_SNS_TOPIC_PREFIX = var.sns_topic_prefix\n', '') }],
  ['the Lambdas on a different claim bucket setting', 'the Lambdas and the dashboard share', { [LAMBDAS]: replace('FLYTRAP_QUEUE_SQS_CLAIM_BUCKET             = var.bucket_name', 'FLYTRAP_QUEUE_SQS_CLAIM_BUCKET             = var.code_bucket') }],
  ['the example root giving the dashboard another topic prefix', 'the Lambdas and the dashboard share', { [EXAMPLE]: replace('  sns_topic_prefix = local.sns_topic_prefix\n  ingest_url', '  sns_topic_prefix = "${var.name}-topic-"\n  ingest_url') }],
  ['SSH open to the world', 'no security group rule', { 'modules/network/main.tf': (text) => `${text}\nresource "aws_vpc_security_group_ingress_rule" "ssh" {\n  security_group_id = aws_security_group.dashboard.id\n  cidr_ipv4         = "0.0.0.0/0"\n  ip_protocol       = "tcp"\n  from_port         = 22\n  to_port           = 22\n}\n` }],
  ['all ports open on the load balancer', 'no security group rule', { 'modules/network/main.tf': replace('ip_protocol       = "tcp"\n  from_port         = 80\n  to_port           = 80', 'ip_protocol       = "-1"') }],
  ['a legacy inline rule open to ::/0', 'no security group rule', { 'modules/network/main.tf': replace('  description = "Flytrap dashboard tasks (ECS Fargate)"\n', '  description = "Flytrap dashboard tasks (ECS Fargate)"\n  ingress {\n    from_port        = 0\n    to_port          = 65535\n    protocol         = "tcp"\n    ipv6_cidr_blocks = ["::/0"]\n  }\n') }],
  ['an HTTP listener that forwards regardless of allow_http', 'the dashboard is served over HTTPS', { 'modules/dashboard/main.tf': replace('count             = var.allow_http ? 1 : 0', 'count             = 1') }],
  ['HTTPS listener turned into HTTP', 'the dashboard is served over HTTPS', { 'modules/dashboard/main.tf': replace('protocol          = "HTTPS"', 'protocol          = "HTTP"') }],
  ['allow_http defaulting to true', 'the dashboard is served over HTTPS', { 'examples/aws/variables.tf': replace('default     = false', 'default     = true', 'variable "allow_http"') }],
  ['a weak TLS policy', 'the dashboard is served over HTTPS', { 'modules/dashboard/main.tf': replace('ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-2016-08') }],
  ['an sqs:* statement', 'no IAM statement allows', { [LAMBDAS]: replace('actions   = ["sqs:SendMessage"]', 'actions   = ["sqs:*"]') }],
  ['an Action "*" statement', 'no IAM statement allows', { 'modules/dashboard/main.tf': replace('actions   = ["secretsmanager:GetSecretValue"]', 'actions   = ["*"]') }],
  ['a policy written as inline JSON', 'no IAM statement allows', { 'modules/dashboard/main.tf': replace('policy = data.aws_iam_policy_document.task.json', 'policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })') }],
  ['a managed policy attached', 'no IAM statement allows', { 'modules/dashboard/main.tf': (text) => `${text}\nresource "aws_iam_role_policy_attachment" "admin" {\n  role       = aws_iam_role.task.name\n  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n` }],
  ['an s3:Get* statement', 'no IAM statement allows', { [LAMBDAS]: replace('actions   = ["s3:GetObject"]', 'actions   = ["s3:Get*"]') }],
  ['an sqs:*Message statement', 'no IAM statement allows', { 'modules/dashboard/main.tf': replace('actions   = ["sqs:SendMessage"]', 'actions   = ["sqs:*Message"]') }],
  ['s3:PutObject on arn:aws:s3:::*', 'IAM statements name their resources', { [LAMBDAS]: replace('resources = ["${var.bucket_arn}/claims/*"]', 'resources = ["arn:aws:s3:::*"]') }],
  ['sqs:SendMessage on every queue of the account', 'IAM statements name their resources', { 'modules/dashboard/main.tf': replace('resources = [var.queue_arn]', 'resources = ["arn:aws:sqs:eu-west-1:123456789012:*"]') }],
  ['a wildcard ARN hidden in a local', 'IAM statements name their resources', { 'modules/dashboard/main.tf': replace('sns_topics_arn = "arn:${data.aws_partition.current.partition}:sns:${var.region}:${data.aws_caller_identity.current.account_id}:${var.sns_topic_prefix}*"', 'sns_topics_arn = "arn:aws:sns:eu-west-1:123456789012:*"') }],
  ['s3:PutObject on "*"', 'IAM statements name their resources', { [LAMBDAS]: replace('resources = ["${var.bucket_arn}/claims/*"]', 'resources = ["*"]') }],
  ['an admin password with a default', 'no password variable has a default', { 'modules/dashboard/variables.tf': replace('  default     = null\n\n  validation {\n    condition     = var.admin_password == null', '  default     = "changeme-now"\n\n  validation {\n    condition     = var.admin_password == null') }],
  ['an admin password of 8 characters', 'no password variable has a default', { 'modules/dashboard/variables.tf': replace('>= 10', '>= 8') }],
  ['a password variable not marked sensitive', 'no password variable has a default', { 'examples/aws/variables.tf': replace('  sensitive   = true\n', '') }],
  // The provider schemas (lib/schema.mjs reads them from @cdktf/provider-aws and @cdktf/provider-random).
  ['a misspelt argument (retention_days)', SCHEMA, { [DASHBOARD]: replace('retention_in_days = var.log_retention_days', 'retention_days    = var.log_retention_days') }],
  ['an unknown nested block (principal instead of principals)', SCHEMA, { [LAMBDAS]: replace('    principals {', '    principal {') }],
  ['a misspelt argument inside a dynamic block\'s content', SCHEMA, { [DASHBOARD]: replace('sid       = "PullDashboardImage"', 'sids      = "PullDashboardImage"') }],
  ['a dynamic block the schema does not have', SCHEMA, { [DASHBOARD]: replace('dynamic "statement" {', 'dynamic "statements" {') }],
  ['a missing required argument (aws_cloudwatch_metric_alarm without comparison_operator)', SCHEMA, { 'modules/queue/main.tf': replace('  comparison_operator = "GreaterThanThreshold"\n', '') }],
  ['a missing required argument of the random provider (random_id without byte_length)', SCHEMA, { 'modules/database/main.tf': replace('  byte_length = 4\n', '') }],
  ['a missing required block (a listener without default_action)', SCHEMA, { [DASHBOARD]: replace('  default_action {\n    type             = "forward"\n    target_group_arn = aws_lb_target_group.this.arn\n  }\n', '', 'resource "aws_lb_listener" "https"') }],
  ['a computed attribute set as an argument (endpoint on RDS)', SCHEMA, { 'modules/database/main.tf': replace('  engine         = "postgres"\n', '  engine         = "postgres"\n  endpoint       = "db.example.com:5432"\n') }],
  ['a block the schema allows once given twice', SCHEMA, { [LAMBDAS]: replace('  snap_start {', '  snap_start {\n    apply_on = "None"\n  }\n  snap_start {', PROCESS) }],
  ['a block written as an argument (snap_start = { ... })', SCHEMA, { [LAMBDAS]: replace('  snap_start {', '  snap_start = {', PROCESS) }],
  ['a word where the schema takes a number (port = "https")', SCHEMA, { [DASHBOARD]: replace('port              = 443', 'port              = "https"') }],
  ['a word where the schema takes a bool (publish = "yes")', SCHEMA, { [LAMBDAS]: replace('publish          = true', 'publish          = "yes"', PROCESS) }],
  ['a string where the schema takes a list (function_response_types)', SCHEMA, { [LAMBDAS]: replace('function_response_types            = ["ReportBatchItemFailures"]', 'function_response_types            = "ReportBatchItemFailures"') }],
  ['a list where the schema takes a map (tags = ["flytrap"])', SCHEMA, { [DASHBOARD]: replace('  tags = var.tags\n', '  tags = ["flytrap"]\n', 'resource "aws_lb_listener" "https"') }],
  ['a misspelt argument of a data source scoped to a check block', SCHEMA, { [EXAMPLE]: (text) => `${text}\ncheck "caller" {\n  data "aws_caller_identity" "now" {\n    account = "123456789012"\n  }\n\n  assert {\n    condition     = data.aws_caller_identity.now.account_id != ""\n    error_message = "No account."\n  }\n}\n` }],
  ['a resource type the provider does not have', SCHEMA, { 'modules/queue/main.tf': (text) => `${text}\nresource "aws_sqs_queues" "extra" {\n  name = "extra"\n}\n` }],
  ['a read of an attribute aws_lb does not have', READS, { [DASHBOARD]: replace('aws_lb.this.dns_name', 'aws_lb.this.dns') }],
  ['a read through [0] of an attribute aws_eip does not have', READS, { 'modules/network/outputs.tf': replace('aws_eip.nat[0].public_ip', 'aws_eip.nat[0].public_ipv4') }],
  ['a read through [each.key] of an attribute aws_subnet does not have', READS, { [NETWORK]: replace('aws_subnet.public[count.index].id', 'aws_subnet.public[each.key].subnet_id') }],
  ['a read of a nested attribute that does not exist', READS, { 'modules/lambdas/outputs.tf': replace('domain_name_configuration[0].target_domain_name', 'domain_name_configuration[0].target_domain') }],
  ['a read inside a string template of a data source attribute that does not exist', READS, { [DASHBOARD]: replace('"arn:${data.aws_partition.current.partition}:sns:', '"arn:${data.aws_partition.current.partition_name}:sns:') }],
  ['a read of a random_password attribute that does not exist', READS, { [DASHBOARD]: replace('random_password.admin[0].result', 'random_password.admin[0].value') }],
  ['a mis-indented line', 'every .tf file is formatted', { 'modules/queue/main.tf': replace('  comparison_operator = "GreaterThanThreshold"', '    comparison_operator = "GreaterThanThreshold"') }],
  ['an argument written as nothing but an interpolation ("${var.x}", which terraform fmt unwraps)', 'every .tf file is formatted', { 'modules/queue/main.tf': replace('message_retention_seconds = var.dlq_retention_seconds', 'message_retention_seconds = "${var.dlq_retention_seconds}"') }],
  ['a quoted type constraint (type = "number", which terraform fmt unquotes)', 'every .tf file is formatted', { 'modules/queue/variables.tf': replace('type        = number', 'type        = "number"') }],
  ['attributes whose = signs are not aligned', 'every .tf file is formatted', { 'modules/queue/main.tf': replace('  comparison_operator = "GreaterThanThreshold"', '  comparison_operator   = "GreaterThanThreshold"') }],
  ['an example root without its lock file', LOCK, { [LOCKFILE]: null }],
  ['a lock file that does not parse', LOCK, { [LOCKFILE]: replace('  hashes = [', '  hashes = [[') }],
  ['a lock file without the random provider', LOCK, { [LOCKFILE]: (text) => text.slice(0, text.indexOf('provider "registry.terraform.io/hashicorp/random"')) }],
  // The lock records the new constraint too, so only the version falling outside it is left to catch.
  ['a locked aws version outside the constraint', LOCK, { 'examples/aws/versions.tf': replace('version = "~> 6.20"', 'version = "~> 6.26"'),
    [LOCKFILE]: replace('constraints = "~> 6.20"', 'constraints = "~> 6.20, ~> 6.26"') }],
  ['a locked aws version other than the schema\'s (6.24.0 against 6.25.0)', LOCK, { [LOCKFILE]: replace('version     = "6.25.0"', 'version     = "6.24.0"') }],
  ['a lock file whose aws hashes are cut off', LOCK, { [LOCKFILE]: replace('"zh:0f9621f719ec2051eabb94ca59aa4f13574487fbc1517b183293431c9d388e38"', '"zh:0f9621f719ec2051eabb94ca59aa4f"') }],
  ['a lock file locking a provider nothing requires', LOCK, { [LOCKFILE]: (text) => `${text}\nprovider "registry.terraform.io/hashicorp/null" {\n  version = "3.2.2"\n  hashes = []\n}\n` }],
  ['a provider block with a misspelt block (default_tag)', SCHEMA, { 'examples/aws/versions.tf': replace('  default_tags {', '  default_tag {') }],
];

for (const [what, checkName, edits] of mutations) {
  test(`the checks catch ${what}`, async () => {
    const check = checks.find((c) => c.name.startsWith(checkName));
    assert.ok(check, `no check named ${checkName}`);
    const problems = check.run(await loadTerraform(edits));
    assert.notDeepEqual(problems, [], `"${check.name}" did not notice ${what}`);
  });
}
