// Proves each check can fail: breaks one invariant at a time in an in-memory copy of the files and expects the
// check that guards it to report a problem. A check that passes everything would be caught here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checks } from './lib/checks.mjs';
import { loadTerraform } from './lib/terraform.mjs';

/** Replaces the first `from` after `anchor` (or anywhere); fails when the text is not there, so mutations cannot rot. */
function replace(from, to, anchor = '') {
  return (text) => {
    const start = anchor ? text.indexOf(anchor) : 0;
    const at = start < 0 ? -1 : text.indexOf(from, start);
    if (at < 0) throw new Error(`mutation target not found: ${anchor} ... ${from}`);
    return text.slice(0, at) + to + text.slice(at + from.length);
  };
}

const LAMBDAS = 'modules/lambdas/main.tf';
const PROCESS = 'resource "aws_lambda_function" "process"';

const mutations = [
  ['a .tf file with a syntax error', 'every .tf file', { 'modules/queue/main.tf': (text) => `${text}\nresource "aws_sqs_queue" "broken" {\n  name =\n}\n` }],
  ['a variable without a description', 'every variable has', {
    'modules/queue/variables.tf': replace('  description = "ARNs (e.g. an SNS topic) notified when the dead-letter queue holds messages."\n', '') }],
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
  ['SnapStart off on process', 'the process Lambda runs SnapStart', { [LAMBDAS]: replace('apply_on = "PublishedVersions"', 'apply_on = "None"', PROCESS) }],
  ['process not published', 'the process Lambda runs SnapStart', { [LAMBDAS]: replace('publish          = true', 'publish          = false', PROCESS) }],
  ['the mapping invoking $LATEST', 'the process Lambda runs SnapStart', { [LAMBDAS]: replace('function_name                      = aws_lambda_alias.process.arn', 'function_name                      = aws_lambda_function.process.arn') }],
  ['a Lambda without MAIN_CLASS', 'both Lambdas run the jar', { [LAMBDAS]: replace('    MAIN_CLASS                                 = "io.flytrap.functions.lambda.LambdaApplication"\n', '') }],
  ['a Lambda migrating the schema', 'both Lambdas run the jar', { [LAMBDAS]: replace('    FLYTRAP_QUEUE_TYPE ', '    SPRING_FLYWAY_ENABLED = "true"\n    FLYTRAP_QUEUE_TYPE ') }],
  ['the wrong function for process', 'both Lambdas run the jar', { [LAMBDAS]: replace('spring_cloud_function_definition = "processSqs"', 'spring_cloud_function_definition = "process"') }],
  ['no /api/rejections route', 'the ingest API routes', { [LAMBDAS]: replace('    "/api/rejections",\n', '') }],
  ['payload format 1.0', 'the ingest API routes', { [LAMBDAS]: replace('payload_format_version = "2.0"', 'payload_format_version = "1.0"') }],
  ['a Lambda integration without integration_method', 'the ingest API routes', { [LAMBDAS]: replace('  integration_method     = "POST"', '') }],
  ['no stage throttling', 'the ingest API routes', { [LAMBDAS]: replace('    throttling_rate_limit  = var.throttling_rate_limit\n', '') }],
  ['a DLQ alarm on a threshold of 5', 'the dead-letter queue has an alarm', { 'modules/queue/main.tf': replace('threshold           = 0', 'threshold           = 5') }],
  ['an alarm on the wrong queue', 'the dead-letter queue has an alarm', { 'modules/queue/main.tf': replace('dimensions          = { QueueName = aws_sqs_queue.dlq.name }', 'dimensions          = { QueueName = aws_sqs_queue.events.name }') }],
  ['unencrypted RDS storage', 'RDS is encrypted', { 'modules/database/main.tf': replace('storage_encrypted     = true', 'storage_encrypted     = false') }],
  ['a publicly accessible RDS', 'RDS is encrypted', { 'modules/database/main.tf': replace('publicly_accessible    = false', 'publicly_accessible    = true') }],
  ['RDS without backups', 'RDS is encrypted', { 'modules/database/variables.tf': replace('default     = 7\n', 'default     = 0\n', 'variable "backup_retention_days"') }],
  ['a bucket allowing public policies', 'every bucket blocks', { 'modules/storage/main.tf': replace('block_public_policy     = true', 'block_public_policy     = false') }],
  ['a bucket without default encryption', 'every bucket blocks', { 'modules/storage/main.tf': replace('resource "aws_s3_bucket_server_side_encryption_configuration" "this"', 'resource "aws_s3_bucket_notification" "this"') }],
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
  ['s3:PutObject on "*"', 'IAM statements name their resources', { [LAMBDAS]: replace('resources = ["${var.bucket_arn}/claims/*"]', 'resources = ["*"]') }],
  ['an admin password with a default', 'no password variable has a default', { 'modules/dashboard/variables.tf': replace('  default     = null\n\n  validation {\n    condition     = var.admin_password == null', '  default     = "changeme-now"\n\n  validation {\n    condition     = var.admin_password == null') }],
  ['an admin password of 8 characters', 'no password variable has a default', { 'modules/dashboard/variables.tf': replace('>= 10', '>= 8') }],
  ['a password variable not marked sensitive', 'no password variable has a default', { 'examples/aws/variables.tf': replace('  sensitive   = true\n', '') }],
];

for (const [what, checkName, edits] of mutations) {
  test(`the checks catch ${what}`, async () => {
    const check = checks.find((c) => c.name.startsWith(checkName));
    assert.ok(check, `no check named ${checkName}`);
    const problems = check.run(await loadTerraform(edits));
    assert.notDeepEqual(problems, [], `"${check.name}" did not notice ${what}`);
  });
}
