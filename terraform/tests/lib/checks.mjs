// Flytrap's deployment invariants, each a function from the parsed configuration to a list of problems (empty
// when the invariant holds). policy.test.mjs runs them against the files; mutations.test.mjs proves each one
// fails when its invariant is broken.
import { blocks, dataOf, expression, resourcesOf } from './terraform.mjs';
import { evaluate, normalize, scopesOf } from './values.mjs';

const WORLD = new Set(['0.0.0.0/0', '::/0']);
const HANDLER = 'org.springframework.cloud.function.adapter.aws.FunctionInvoker::handleRequest';

const where = (r) => `${r.file}: ${r.type}.${r.name}`;
const list = (value) => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);
const references = (value, target) => typeof value === 'string' && value.includes(target);

/** Evaluates an attribute in every way its module is used; a value that cannot be read is a problem. */
function valuesOf(tf, resource, attribute) {
  return scopesOf(tf, resource.module.dir).map(({ label, at }) => {
    try {
      return { label, value: evaluate(attribute, at) };
    } catch (error) {
      return { label, error: error.message };
    }
  });
}

function lambdaEnv(fn) {
  return blocks(fn.body, 'environment')[0]?.variables ?? {};
}

/** merge(local.x, { k = "v" }) is how the functions build their environment; read both parts. */
function functionEnvironment(fn) {
  const variables = lambdaEnv(fn);
  const inner = expression(variables);
  if (inner === null) return { ...variables };
  const env = {};
  const local = /local\.(\w+)/.exec(inner);
  if (local) Object.assign(env, fn.module.locals[local[1]] ?? {});
  for (const [, key, value] of inner.matchAll(/(\w+)\s*=\s*"([^"]*)"/g)) env[key] = value;
  return env;
}

function processFunctions(tf) {
  return resourcesOf(tf, 'aws_lambda_function').filter((fn) => functionEnvironment(fn).spring_cloud_function_definition === 'processSqs');
}

/** The port ranges a rule opens, in every way its module is used (ports may come from variables). */
function portRanges(tf, r, rule) {
  const protocol = String(rule.ip_protocol ?? rule.protocol ?? '');
  if (protocol === '-1' || protocol === 'all') return [[0, 65535]];
  const from = valuesOf(tf, r, rule.from_port);
  const to = valuesOf(tf, r, rule.to_port);
  return from.map((f, i) => [Number.isFinite(Number(f.value)) ? Number(f.value) : 0, Number.isFinite(Number(to[i].value)) ? Number(to[i].value) : 65535]);
}

/** Ingress rules in all three spellings: aws_vpc_security_group_ingress_rule, aws_security_group_rule, inline. */
function ingressRules(tf) {
  const rules = [];
  for (const r of resourcesOf(tf, 'aws_vpc_security_group_ingress_rule')) {
    rules.push({ r, rule: r.body, cidrs: [r.body.cidr_ipv4, r.body.cidr_ipv6].filter((c) => c !== undefined) });
  }
  for (const r of resourcesOf(tf, 'aws_security_group_rule').filter((r) => r.body.type === 'ingress')) {
    rules.push({ r, rule: r.body, cidrs: [...list(r.body.cidr_blocks), ...list(r.body.ipv6_cidr_blocks)] });
  }
  for (const r of resourcesOf(tf, 'aws_security_group')) {
    for (const rule of blocks(r.body, 'ingress')) rules.push({ r, rule, cidrs: [...list(rule.cidr_blocks), ...list(rule.ipv6_cidr_blocks)] });
  }
  return rules;
}

/** Whether a CIDR source may be the whole internet: a literal world range, or any expression (callers may pass it). */
function mayBeWorld(cidr) {
  return expression(cidr) === null ? WORLD.has(cidr) : true;
}

export const checks = [
  {
    name: 'every .tf file under terraform/ parses',
    run(tf) {
      const problems = tf.parsed.filter((file) => file.error).map((file) => `${file.rel}: ${file.error}`);
      if (tf.parsed.length < 20) problems.push(`only ${tf.parsed.length} .tf files found`);
      return problems;
    },
  },
  {
    name: 'every variable has a type and a description',
    run(tf) {
      const problems = [];
      for (const module of tf.modules.values()) {
        for (const [name, variable] of Object.entries(module.variables)) {
          if (!variable.type) problems.push(`${variable.file}: variable ${name} has no type`);
          if (typeof variable.description !== 'string' || variable.description.trim().length < 10) {
            problems.push(`${variable.file}: variable ${name} has no description`);
          }
        }
      }
      return problems;
    },
  },
  {
    name: 'every module and example has the standard files',
    run(tf) {
      const problems = [];
      const standard = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf', 'README.md'];
      const dirs = [...tf.modules.keys()].filter((dir) => /^(modules|examples)\/[^/]+$/.test(dir));
      if (!dirs.some((dir) => dir.startsWith('modules/'))) problems.push('no modules under terraform/modules');
      if (!dirs.some((dir) => dir.startsWith('examples/'))) problems.push('no example root under terraform/examples');
      for (const dir of dirs) {
        const files = tf.modules.get(dir).files;
        for (const file of standard) if (!files.includes(file)) problems.push(`${dir}: no ${file}`);
        if (dir.startsWith('examples/') && !files.includes('terraform.tfvars.example')) problems.push(`${dir}: no terraform.tfvars.example`);
      }
      return problems;
    },
  },
  {
    name: 'every module pins Terraform and the AWS provider',
    run(tf) {
      const problems = [];
      for (const [dir, module] of tf.modules) {
        if (!/^(modules|examples)\/[^/]+$/.test(dir)) continue;
        const settings = module.terraform;
        if (!settings.some((t) => typeof t.required_version === 'string')) problems.push(`${dir}: no required_version`);
        const aws = settings.flatMap((t) => list(t.required_providers)).map((p) => p.aws).find(Boolean);
        if (!aws?.source || !aws?.version) problems.push(`${dir}: hashicorp/aws not pinned`);
      }
      return problems;
    },
  },
  {
    name: 'module calls pass declared variables, all required ones, and read declared outputs',
    run(tf) {
      const problems = [];
      const META = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);
      for (const caller of tf.modules.values()) {
        const targets = new Map();
        for (const call of caller.calls) {
          const target = tf.modules.get(normalize(caller.dir, String(call.body.source)));
          if (!target) {
            problems.push(`${call.file}: module.${call.name} has no module at ${call.body.source}`);
            continue;
          }
          targets.set(call.name, target);
          for (const argument of Object.keys(call.body)) {
            if (!META.has(argument) && !(argument in target.variables)) problems.push(`${call.file}: module.${call.name} sets undeclared ${argument}`);
          }
          for (const [name, variable] of Object.entries(target.variables)) {
            if (!('default' in variable) && !(name in call.body)) problems.push(`${call.file}: module.${call.name} lacks required ${name}`);
          }
        }
        const text = JSON.stringify([caller.resources, caller.outputs, caller.calls, caller.locals, caller.checks]);
        for (const [, name, output] of text.matchAll(/module\.(\w+)\.(\w+)/g)) {
          const target = targets.get(name);
          if (!target) problems.push(`${caller.dir}: module.${name} is not called`);
          else if (!(output in target.outputs)) problems.push(`${caller.dir}: module.${name} has no output ${output}`);
        }
      }
      return [...new Set(problems)];
    },
  },
  {
    name: 'every var., local., resource and data reference names something declared in its module',
    run(tf) {
      const problems = [];
      for (const module of tf.modules.values()) {
        const text = JSON.stringify([module.resources, module.data, module.outputs, module.locals, module.calls, module.checks,
          Object.values(module.variables).map((v) => v.validation ?? [])]);
        const expressions = [...text.matchAll(/\$\{((?:[^{}]|\{[^{}]*\})*)\}/g)].map((m) => m[1]).join('\n');
        for (const [, name] of expressions.matchAll(/(?<![\w.])var\.(\w+)/g)) {
          if (!(name in module.variables)) problems.push(`${module.dir}: var.${name} is not declared`);
        }
        for (const [, name] of expressions.matchAll(/(?<![\w.])local\.(\w+)/g)) {
          if (!(name in module.locals)) problems.push(`${module.dir}: local.${name} is not defined`);
        }
        for (const [, data, type, name] of expressions.matchAll(/(?<![\w.])(data\.)?((?:aws|random)_[a-z0-9_]+)\.([a-z0-9_]+)/g)) {
          const pool = data ? module.data : module.resources;
          if (!pool.some((r) => r.type === type && r.name === name)) problems.push(`${module.dir}: ${data ?? ''}${type}.${name} is not declared`);
        }
      }
      return [...new Set(problems)];
    },
  },
  {
    name: 'the event queue has a dead-letter queue with maxReceiveCount of at least 5',
    run(tf) {
      const problems = [];
      const queues = resourcesOf(tf, 'aws_sqs_queue').filter((q) => q.body.redrive_policy);
      if (queues.length === 0) problems.push('no SQS queue with a redrive policy');
      for (const queue of queues) {
        const policy = String(queue.body.redrive_policy);
        const target = /deadLetterTargetArn\s*=\s*aws_sqs_queue\.(\w+)\.arn/.exec(policy);
        if (!target || !queue.module.resources.some((r) => r.type === 'aws_sqs_queue' && r.name === target[1])) {
          problems.push(`${where(queue)}: redrive policy names no dead-letter queue of this module`);
        }
        const count = /maxReceiveCount\s*=\s*([^,}\s]+)/.exec(policy);
        if (!count) {
          problems.push(`${where(queue)}: no maxReceiveCount`);
          continue;
        }
        for (const { label, value, error } of valuesOf(tf, queue, `\${${count[1]}}`)) {
          if (error || !(Number(value) >= 5)) problems.push(`${where(queue)} in ${label}: maxReceiveCount ${error ?? value} < 5`);
        }
      }
      return problems;
    },
  },
  {
    name: 'the queue visibility timeout is at least 6x the process Lambda timeout',
    run(tf) {
      const problems = [];
      const [fn] = processFunctions(tf);
      const queue = resourcesOf(tf, 'aws_sqs_queue').find((q) => q.body.redrive_policy);
      if (!fn || !queue) return ['process Lambda or event queue not found'];
      // Each root that calls both modules: compute both values as that root sets them.
      const roots = [...tf.modules.values()].filter((m) => m.calls.length > 0);
      if (roots.length === 0) problems.push('no root module calls the modules');
      for (const root of roots) {
        const timeout = valuesOf(tf, fn, fn.body.timeout).find((s) => s.label.startsWith(`${root.dir} `));
        const visibility = valuesOf(tf, queue, queue.body.visibility_timeout_seconds).find((s) => s.label.startsWith(`${root.dir} `));
        if (!timeout || !visibility) {
          problems.push(`${root.dir}: does not call both the queue and the lambdas module`);
        } else if (timeout.error || visibility.error) {
          problems.push(`${root.dir}: ${timeout.error ?? visibility.error}`);
        } else if (!(visibility.value >= 6 * timeout.value)) {
          problems.push(`${root.dir}: visibility ${visibility.value} s < 6 x process timeout ${timeout.value} s`);
        }
      }
      // Module defaults on their own, and the plan-time guard for values we cannot see here.
      const [timeoutDefault] = valuesOf(tf, fn, fn.body.timeout);
      const [visibilityDefault] = valuesOf(tf, queue, queue.body.visibility_timeout_seconds);
      if (!(visibilityDefault.value >= 6 * timeoutDefault.value)) {
        problems.push(`module defaults: visibility ${visibilityDefault.value} s < 6 x timeout ${timeoutDefault.value} s`);
      }
      const guarded = resourcesOf(tf, 'aws_lambda_event_source_mapping').some((m) =>
        blocks(m.body, 'lifecycle').flatMap((l) => blocks(l, 'precondition')).some((p) => /6\s*\*\s*var\.process_timeout_seconds/.test(String(p.condition))));
      if (!guarded) problems.push('the event source mapping has no precondition comparing visibility with 6 x the process timeout');
      return problems;
    },
  },
  {
    name: 'the SQS event source mapping reports batch item failures and has bounded concurrency',
    run(tf) {
      const problems = [];
      const mappings = resourcesOf(tf, 'aws_lambda_event_source_mapping');
      if (mappings.length === 0) problems.push('no event source mapping');
      for (const mapping of mappings) {
        if (!list(mapping.body.function_response_types).includes('ReportBatchItemFailures')) {
          problems.push(`${where(mapping)}: function_response_types lacks ReportBatchItemFailures`);
        }
        const scaling = blocks(mapping.body, 'scaling_config')[0];
        if (!scaling || scaling.maximum_concurrency === undefined) {
          problems.push(`${where(mapping)}: no scaling_config.maximum_concurrency`);
          continue;
        }
        for (const { label, value, error } of valuesOf(tf, mapping, scaling.maximum_concurrency)) {
          if (error || !(value >= 2 && value <= 100)) problems.push(`${where(mapping)} in ${label}: maximum_concurrency ${error ?? value} is not between 2 and 100`);
        }
        for (const { label, value, error } of valuesOf(tf, mapping, mapping.body.batch_size)) {
          if (error || !(value >= 1 && value <= 10)) problems.push(`${where(mapping)} in ${label}: batch_size ${error ?? value} is not between 1 and 10`);
        }
      }
      return problems;
    },
  },
  {
    name: 'the process Lambda runs SnapStart on a published version behind an alias',
    run(tf) {
      const problems = [];
      const functions = processFunctions(tf);
      if (functions.length !== 1) return [`expected one process Lambda, found ${functions.length}`];
      const [fn] = functions;
      if (blocks(fn.body, 'snap_start')[0]?.apply_on !== 'PublishedVersions') problems.push(`${where(fn)}: snap_start.apply_on is not PublishedVersions`);
      if (fn.body.publish !== true) problems.push(`${where(fn)}: publish is not true (SnapStart applies to published versions only)`);
      const alias = fn.module.resources.find((r) => r.type === 'aws_lambda_alias' && references(r.body.function_version, `aws_lambda_function.${fn.name}.version`));
      if (!alias) problems.push(`${where(fn)}: no alias on its published version`);
      const mapping = fn.module.resources.find((r) => r.type === 'aws_lambda_event_source_mapping');
      if (alias && !references(mapping?.body.function_name, `aws_lambda_alias.${alias.name}.arn`)) {
        problems.push('the event source mapping does not invoke the alias (it would run $LATEST, without SnapStart)');
      }
      return problems;
    },
  },
  {
    name: 'both Lambdas run the jar with the settings it needs, and never migrate the schema',
    run(tf) {
      const problems = [];
      const functions = resourcesOf(tf, 'aws_lambda_function');
      const definitions = functions.map((fn) => functionEnvironment(fn).spring_cloud_function_definition).sort();
      if (definitions.join() !== 'ingest,processSqs') problems.push(`function definitions are ${definitions.join()}, expected ingest and processSqs`);
      const required = ['MAIN_CLASS', 'FLYTRAP_QUEUE_TYPE', 'FLYTRAP_QUEUE_SQS_QUEUE', 'FLYTRAP_QUEUE_SQS_CLAIM_BUCKET', 'FLYTRAP_ARTIFACTS_STORAGE',
        'FLYTRAP_ARTIFACTS_S3_BUCKET', 'FLYTRAP_DB_URL', 'FLYTRAP_DB_USER', 'FLYTRAP_DB_PASSWORD', 'SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE',
        'SPRING_CLOUD_AWS_REGION_STATIC'];
      for (const fn of functions) {
        const env = functionEnvironment(fn);
        for (const key of required) if (!(key in env)) problems.push(`${where(fn)}: environment lacks ${key}`);
        if (env.MAIN_CLASS !== 'io.flytrap.functions.lambda.LambdaApplication') problems.push(`${where(fn)}: MAIN_CLASS is ${env.MAIN_CLASS}`);
        if (env.FLYTRAP_QUEUE_TYPE !== 'sqs' || env.FLYTRAP_ARTIFACTS_STORAGE !== 's3') problems.push(`${where(fn)}: queue must be sqs and artifacts s3`);
        if (fn.body.handler !== HANDLER && evaluate(fn.body.handler, { module: fn.module }) !== HANDLER) problems.push(`${where(fn)}: handler is not FunctionInvoker`);
        for (const key of Object.keys(env)) {
          if (/FLYWAY|MIGRATE/.test(key)) problems.push(`${where(fn)}: ${key} set; only the dashboard migrates the schema`);
        }
        if (!fn.body.s3_key) problems.push(`${where(fn)}: the jar must come from S3 (too large for a direct upload)`);
      }
      return problems;
    },
  },
  {
    name: 'the ingest API routes the native and Sentry endpoints with payload format 2.0',
    run(tf) {
      const problems = [];
      const routes = resourcesOf(tf, 'aws_apigatewayv2_route');
      if (routes.length === 0) return ['no API Gateway routes'];
      const module = routes[0].module;
      const paths = list(module.locals.ingest_paths);
      for (const path of ['/api/errors', '/api/rejections', '/api/{project}/envelope/', '/api/{project}/envelope', '/api/{project}/store/', '/api/{project}/store']) {
        if (!paths.includes(path)) problems.push(`route path ${path} missing`);
      }
      const keys = String(module.locals.ingest_route_keys ?? '');
      if (!keys.includes('"POST ${path}"') || !keys.includes('"OPTIONS ${path}"')) problems.push('routes are not POST and OPTIONS for every path');
      if (!routes.some((route) => references(route.body.route_key, 'each.value') && references(route.body.for_each, 'local.ingest_route_keys'))) {
        problems.push('no route resource over local.ingest_route_keys');
      }
      for (const integration of resourcesOf(tf, 'aws_apigatewayv2_integration')) {
        if (integration.body.payload_format_version !== '2.0') problems.push(`${where(integration)}: payload_format_version is not 2.0`);
        if (integration.body.integration_type !== 'AWS_PROXY' || integration.body.integration_method !== 'POST') {
          problems.push(`${where(integration)}: a Lambda proxy integration needs integration_type AWS_PROXY and integration_method POST`);
        }
      }
      const stage = resourcesOf(tf, 'aws_apigatewayv2_stage')[0];
      const throttling = blocks(stage?.body, 'default_route_settings')[0];
      if (throttling?.throttling_rate_limit === undefined || throttling?.throttling_burst_limit === undefined) problems.push('the stage has no throttling');
      return problems;
    },
  },
  {
    name: 'the dead-letter queue has an alarm on visible messages',
    run(tf) {
      const alarms = resourcesOf(tf, 'aws_cloudwatch_metric_alarm').filter((alarm) => {
        const b = alarm.body;
        const queue = /aws_sqs_queue\.(\w+)\.name/.exec(JSON.stringify(b.dimensions ?? ''));
        const dlq = queue && alarm.module.resources.find((r) => r.type === 'aws_sqs_queue' && r.name === queue[1]);
        const isDlq = dlq && resourcesOf(tf, 'aws_sqs_queue').some((q) => new RegExp(`deadLetterTargetArn\\s*=\\s*aws_sqs_queue\\.${dlq.name}\\.arn`).test(String(q.body.redrive_policy ?? '')));
        return isDlq && b.namespace === 'AWS/SQS' && b.metric_name === 'ApproximateNumberOfMessagesVisible'
          && b.comparison_operator === 'GreaterThanThreshold' && Number(b.threshold) === 0;
      });
      return alarms.length > 0 ? [] : ['no alarm on the dead-letter queue: AWS/SQS ApproximateNumberOfMessagesVisible > 0'];
    },
  },
  {
    name: 'RDS is encrypted and not publicly accessible',
    run(tf) {
      const problems = [];
      const instances = resourcesOf(tf, 'aws_db_instance');
      if (instances.length === 0) problems.push('no aws_db_instance');
      for (const db of instances) {
        if (db.body.storage_encrypted !== true) problems.push(`${where(db)}: storage_encrypted is not true`);
        if (db.body.publicly_accessible !== false) problems.push(`${where(db)}: publicly_accessible is not false`);
        for (const { label, value, error } of valuesOf(tf, db, db.body.backup_retention_period)) {
          if (error || !(value >= 1)) problems.push(`${where(db)} in ${label}: backup_retention_period ${error ?? value}`);
        }
      }
      return problems;
    },
  },
  {
    name: 'every bucket blocks public access and has default encryption',
    run(tf) {
      const problems = [];
      const buckets = resourcesOf(tf, 'aws_s3_bucket');
      if (buckets.length === 0) problems.push('no aws_s3_bucket');
      for (const bucket of buckets) {
        const ref = `aws_s3_bucket.${bucket.name}.`;
        const block = bucket.module.resources.find((r) => r.type === 'aws_s3_bucket_public_access_block' && references(r.body.bucket, ref));
        for (const flag of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) {
          if (block?.body[flag] !== true) problems.push(`${where(bucket)}: ${flag} is not true`);
        }
        const sse = bucket.module.resources.find((r) => r.type === 'aws_s3_bucket_server_side_encryption_configuration' && references(r.body.bucket, ref));
        const algorithm = blocks(blocks(sse?.body, 'rule')[0], 'apply_server_side_encryption_by_default')[0]?.sse_algorithm;
        if (!['AES256', 'aws:kms', 'aws:kms:dsse'].includes(algorithm)) problems.push(`${where(bucket)}: no default encryption`);
      }
      return problems;
    },
  },
  {
    name: 'no security group rule opens SSH, or all ports to the internet',
    run(tf) {
      const problems = [];
      const rules = ingressRules(tf);
      if (rules.length === 0) problems.push('no ingress rules found');
      for (const { r, rule, cidrs } of rules) {
        for (const [from, to] of portRanges(tf, r, rule)) {
          if (from <= 22 && 22 <= to) problems.push(`${where(r)}: ingress includes port 22`);
          if (cidrs.some(mayBeWorld) && (to - from >= 1000 || from === 0)) problems.push(`${where(r)}: ports ${from}-${to} open to the internet`);
        }
      }
      for (const r of resourcesOf(tf, 'aws_vpc_security_group_egress_rule')) {
        for (const [from, to] of portRanges(tf, r, r.body)) {
          if (WORLD.has(r.body.cidr_ipv4) && to - from >= 1000) problems.push(`${where(r)}: egress to the internet on all ports`);
        }
      }
      return [...new Set(problems)];
    },
  },
  {
    name: 'the dashboard is served over HTTPS unless allow_http is set',
    run(tf) {
      const problems = [];
      const listeners = resourcesOf(tf, 'aws_lb_listener');
      if (!listeners.some((l) => l.body.protocol === 'HTTPS')) problems.push('no HTTPS listener');
      for (const listener of listeners) {
        const b = listener.body;
        const action = blocks(b, 'default_action')[0] ?? {};
        if (b.protocol === 'HTTPS') {
          if (!b.certificate_arn) problems.push(`${where(listener)}: HTTPS without certificate`);
          if (!/TLS13/.test(String(b.ssl_policy))) problems.push(`${where(listener)}: ssl_policy ${b.ssl_policy} is not a TLS 1.3 policy`);
        } else if (action.type === 'redirect') {
          if (blocks(action, 'redirect')[0]?.protocol !== 'HTTPS') problems.push(`${where(listener)}: redirects, but not to HTTPS`);
        } else if (!/^var\.allow_http \? 1 : 0$/.test(expression(b.count) ?? '')) {
          problems.push(`${where(listener)}: serves ${b.protocol} without count = var.allow_http ? 1 : 0`);
        }
      }
      for (const module of tf.modules.values()) {
        const allow = module.variables.allow_http;
        if (allow && allow.default !== false) problems.push(`${allow.file}: allow_http must default to false`);
      }
      return problems;
    },
  },
  {
    name: 'no IAM statement allows Action "*" or "service:*", and none is written as inline JSON',
    run(tf) {
      const problems = [];
      const documents = dataOf(tf, 'aws_iam_policy_document');
      if (documents.length === 0) problems.push('no aws_iam_policy_document');
      for (const doc of documents) {
        for (const statement of blocks(doc.body, 'statement')) {
          if ((statement.effect ?? 'Allow') !== 'Allow') continue;
          if (statement.not_actions) problems.push(`${where(doc)}: not_actions in an Allow statement`);
          for (const action of list(statement.actions)) {
            if (action === '*' || /:\*$/.test(action) || /^\$\{/.test(action)) problems.push(`${where(doc)}: allows ${action}`);
          }
        }
      }
      // Policies must come from policy documents, so the check above sees every statement.
      const policyAttributes = { aws_iam_role_policy: 'policy', aws_iam_policy: 'policy', aws_s3_bucket_policy: 'policy', aws_sqs_queue_policy: 'policy', aws_iam_role: 'assume_role_policy' };
      for (const [type, attribute] of Object.entries(policyAttributes)) {
        for (const r of resourcesOf(tf, type)) {
          if (!/^data\.aws_iam_policy_document\.\w+\.json$/.test(expression(r.body[attribute]) ?? '')) problems.push(`${where(r)}: ${attribute} is not a policy document`);
          if (type === 'aws_iam_role' && r.body.inline_policy) problems.push(`${where(r)}: inline_policy`);
        }
      }
      for (const r of resourcesOf(tf, 'aws_iam_role_policy_attachment')) problems.push(`${where(r)}: managed policy attached (${r.body.policy_arn})`);
      return problems;
    },
  },
  {
    name: 'IAM statements name their resources, except for actions AWS cannot scope',
    run(tf) {
      const problems = [];
      // Describe calls and ENI management for Lambdas in a VPC, and the ECR login token, have no resource ARNs.
      const unscopable = new Set(['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses', 'ecr:GetAuthorizationToken']);
      for (const doc of dataOf(tf, 'aws_iam_policy_document')) {
        for (const statement of blocks(doc.body, 'statement')) {
          if ((statement.effect ?? 'Allow') !== 'Allow' || blocks(statement, 'principals').length > 0) continue;
          if (list(statement.resources).length === 0) problems.push(`${where(doc)}: statement ${statement.sid ?? ''} names no resources`);
          if (list(statement.resources).includes('*')) {
            for (const action of list(statement.actions)) if (!unscopable.has(action)) problems.push(`${where(doc)}: ${action} on "*"`);
          }
        }
      }
      return problems;
    },
  },
  {
    name: 'no password variable has a default, and the admin password needs 10 characters',
    run(tf) {
      const problems = [];
      let admin = 0;
      for (const module of tf.modules.values()) {
        for (const [name, variable] of Object.entries(module.variables)) {
          if (!/password/i.test(name)) continue;
          if (variable.default !== undefined && variable.default !== null) problems.push(`${variable.file}: ${name} has a default value`);
          if (variable.sensitive !== true) problems.push(`${variable.file}: ${name} is not sensitive`);
          if (/admin/i.test(name) && variable.default === null) {
            admin += 1;
            // null means "generate one"; a given password must be long enough somewhere before it is used.
            const guarded = blocks(variable, 'validation').some((v) => /length\([^)]*\)\)?\s*>=\s*(\d+)/.test(String(v.condition)) && Number(/>=\s*(\d+)/.exec(String(v.condition))[1]) >= 10);
            const generated = module.resources.some((r) => r.type === 'random_password' && /admin/.test(r.name));
            if (module.calls.length === 0 && !guarded) problems.push(`${variable.file}: ${name} has no validation of at least 10 characters`);
            if (module.calls.length === 0 && !generated) problems.push(`${variable.file}: no random_password generates ${name} when it is unset`);
          }
        }
      }
      if (admin === 0) problems.push('no admin password variable found');
      return problems;
    },
  },
];
