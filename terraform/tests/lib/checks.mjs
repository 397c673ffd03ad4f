// Flytrap's deployment invariants, each a function from the parsed configuration to a list of problems (empty
// when the invariant holds). policy.test.mjs runs them against the files; mutations.test.mjs proves each one
// fails when its invariant is broken.
import { blocks, dataOf, expression, resourcesOf } from './terraform.mjs';
import { PROVIDER_PACKAGES, providerRelease, schemaOf } from './schema.mjs';
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

/** The functions that serve traffic (API Gateway, SQS), as opposed to the migrate function Terraform invokes. */
function trafficFunctions(tf) {
  return resourcesOf(tf, 'aws_lambda_function').filter((fn) => ['ingest', 'processSqs'].includes(functionEnvironment(fn).spring_cloud_function_definition));
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

/** The security group a rule belongs to, as "<module dir>:<resource name>" (null when it is not this module's). */
function groupOf(r, inline = false) {
  if (inline) return `${r.module.dir}:${r.name}`;
  const match = /^aws_security_group\.(\w+)\.id$/.exec(expression(r.body.security_group_id) ?? '');
  return match ? `${r.module.dir}:${match[1]}` : null;
}

/**
 * The security groups an attribute names, followed through module boundaries: `aws_security_group.x.id` in the
 * same module, or `var.y` set by a caller to `module.m.output`, whose value is `aws_security_group.x.id`.
 */
function securityGroupsNamed(tf, resource, values) {
  const found = new Set();
  for (const value of list(values)) {
    const inner = expression(value) ?? '';
    let match = /^aws_security_group\.(\w+)\.id$/.exec(inner);
    if (match) found.add(`${resource.module.dir}:${match[1]}`);
    match = /^var\.(\w+)$/.exec(inner);
    if (!match) continue;
    for (const { call, caller } of scopesOf(tf, resource.module.dir).filter((s) => s.call)) {
      const passed = /^module\.(\w+)\.(\w+)$/.exec(expression(call.body[match[1]]) ?? '');
      const source = passed && caller.calls.find((c) => c.name === passed[1]);
      const target = source && tf.modules.get(normalize(caller.dir, String(source.body.source)));
      const group = target && /^aws_security_group\.(\w+)\.id$/.exec(expression(target.outputs[passed[2]]?.value) ?? '');
      if (group) found.add(`${target.dir}:${group[1]}`);
    }
  }
  return found;
}

/** Egress rules in all three spellings, with where they lead. */
function egressRules(tf) {
  const rules = [];
  for (const r of resourcesOf(tf, 'aws_vpc_security_group_egress_rule')) {
    const b = r.body;
    rules.push({ r, rule: b, group: groupOf(r), cidrs: [b.cidr_ipv4, b.cidr_ipv6].filter((c) => c !== undefined),
      prefixLists: list(b.prefix_list_id), groups: list(b.referenced_security_group_id) });
  }
  for (const r of resourcesOf(tf, 'aws_security_group_rule').filter((r) => r.body.type === 'egress')) {
    const b = r.body;
    rules.push({ r, rule: b, group: groupOf(r), cidrs: [...list(b.cidr_blocks), ...list(b.ipv6_cidr_blocks)],
      prefixLists: list(b.prefix_list_ids), groups: list(b.source_security_group_id) });
  }
  for (const r of resourcesOf(tf, 'aws_security_group')) {
    for (const rule of blocks(r.body, 'egress')) {
      rules.push({ r, rule, group: groupOf(r, true), inline: true, cidrs: [...list(rule.cidr_blocks), ...list(rule.ipv6_cidr_blocks)],
        prefixLists: list(rule.prefix_list_ids), groups: list(rule.security_groups) });
    }
  }
  return rules;
}

/** Lines `KEY = value` of an HCL object literal's text (comments dropped), value kept as written. */
function objectEntries(text) {
  const entries = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.+?)\s*$/.exec(line.replace(/\s+#.*$/, ''));
    if (match) entries[match[1]] = match[2];
  }
  return entries;
}

/** A parsed value written back the way it reads in HCL, for comparing settings across modules. */
function asWritten(value) {
  const inner = expression(value);
  return (inner ?? JSON.stringify(value)).replace(/\s+/g, ' ');
}

/**
 * The dashboard's container environment: the local its task definition lists, a merge() of an object literal and
 * further maps. Returns the literal's entries (as written) and what else is merged in.
 */
function dashboardEnvironment(tf) {
  const [task] = resourcesOf(tf, 'aws_ecs_task_definition');
  if (!task) return { error: 'no aws_ecs_task_definition' };
  const named = /environment\s*=\s*\[for key in sort\(keys\(local\.(\w+)\)\)/.exec(String(task.body.container_definitions));
  if (!named) return { error: `${where(task)}: container environment is not built from a local map` };
  const inner = expression(task.module.locals[named[1]]) ?? '';
  const literal = /^merge\(\{([\s\S]*?)\n\s*\}\s*,([\s\S]*)\)$/.exec(inner);
  if (!literal) return { error: `${where(task)}: local.${named[1]} is not merge({ ... }, ...)` };
  return { task, module: task.module, env: objectEntries(literal[1]), merged: literal[2].split(',').map((part) => part.trim()) };
}

const SECRET_NAME = /PASSWORD|SECRET|TOKEN|CREDENTIAL/i;

/** Whether a map variable refuses secret-looking names (a validation whose regex names PASSWORD and SECRET). */
function refusesSecrets(variable) {
  return blocks(variable, 'validation').some((v) => /keys\(var\.\w+\)/.test(String(v.condition)) && /PASSWORD/.test(String(v.condition)) && /SECRET/.test(String(v.condition)));
}

const SDK_PATHS = ['/api/errors', '/api/rejections', '/api/42/envelope/', '/api/42/envelope', '/api/42/store/', '/api/42/store'];
const ROUTE_METHODS = new Set(['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);

/**
 * Why an HTTP API would refuse a route key, or null: "$default", or "<METHOD> /<path>" where the path does not end
 * in "/", each segment is literal text or one {variable}, and only the last may be greedy ({variable+}).
 */
function routeKeyProblem(key) {
  if (key === '$default') return null;
  const match = /^(\S+) (\/\S*)$/.exec(key);
  if (!match) return 'not "<METHOD> <path>"';
  if (!ROUTE_METHODS.has(match[1])) return `unknown method ${match[1]}`;
  const path = match[2];
  if (path !== '/' && path.endsWith('/')) return 'ends in "/" (HTTP APIs refuse it; use a greedy {variable+} to take trailing slashes)';
  const segments = path.slice(1).split('/');
  for (const [i, segment] of segments.entries()) {
    if (segment === '' && path !== '/') return 'has an empty segment';
    const variable = /^\{([A-Za-z0-9_]+)(\+?)\}$/.exec(segment);
    if (variable) {
      if (variable[2] && i !== segments.length - 1) return 'greedy variable not at the end';
    } else if (/[{}+]/.test(segment)) {
      return `segment "${segment}" mixes text and a variable`;
    }
  }
  return null;
}

/** Whether a route key takes a request, matching as API Gateway documents it (no trailing-slash leniency assumed). */
function routeMatches(key, method, path) {
  if (key === '$default') return true;
  const [keyMethod, keyPath] = key.split(' ');
  if (keyMethod !== method && keyMethod !== 'ANY') return false;
  const pattern = keyPath.slice(1).split('/');
  const segments = path.slice(1).split('/');
  for (const [i, part] of pattern.entries()) {
    if (/^\{\w+\+\}$/.test(part)) return segments.slice(i).join('/') !== '';
    if (i >= segments.length || segments[i] === '') return false;
    if (!/^\{\w+\}$/.test(part) && part !== segments[i]) return false;
  }
  return segments.length === pattern.length;
}

/** Every statement of a policy document, with those it merges in through source_policy_documents. */
function policyStatements(module, docName, seen = new Set()) {
  if (seen.has(docName)) return [];
  seen.add(docName);
  const doc = module.data.find((d) => d.type === 'aws_iam_policy_document' && d.name === docName);
  if (!doc) return [];
  const sources = list(doc.body.source_policy_documents).flatMap((value) =>
    [...String(value).matchAll(/data\.aws_iam_policy_document\.(\w+)\.json/g)].map((m) => m[1]));
  return [...blocks(doc.body, 'statement'), ...sources.flatMap((name) => policyStatements(module, name, seen))];
}

/** The statements a function's role is allowed by (its inline role policies, written as policy documents). */
function roleStatements(fn) {
  const role = /^aws_iam_role\.(\w+)\.arn$/.exec(expression(fn.body.role) ?? '');
  if (!role) return null;
  return fn.module.resources.filter((r) => r.type === 'aws_iam_role_policy' && expression(r.body.role) === `aws_iam_role.${role[1]}.id`)
    .flatMap((policy) => {
      const doc = /^data\.aws_iam_policy_document\.(\w+)\.json$/.exec(expression(policy.body.policy) ?? '');
      return doc ? policyStatements(fn.module, doc[1]) : [];
    });
}

/** What a root passes for a module variable, followed into the called module's output when it is one. */
function passedValue(tf, caller, call, name) {
  const passed = call.body[name];
  const output = /^module\.(\w+)\.(\w+)$/.exec(expression(passed) ?? '');
  const source = output && caller.calls.find((c) => c.name === output[1]);
  const target = source && tf.modules.get(normalize(caller.dir, String(source.body.source)));
  return { passed, target, output: target?.outputs[output[2]] };
}

const PASSWORD_SOURCE = /password|random_password|secret_string/i;


// Terraform's own meta-arguments: the language gives them to every resource (and data source), no provider schema has them.
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);
// And those of a provider block (version there is deprecated, but still Terraform's, not the provider's).
const PROVIDER_META_ARGUMENTS = new Set(['alias', 'version']);
// What a `dynamic` block may hold besides its content (Terraform's language again, not the provider's).
const DYNAMIC_ARGUMENTS = new Set(['for_each', 'iterator', 'labels', 'content']);
const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Why a literal cannot be converted to the kind of value an argument takes, or null (expressions and templates are
 * left to Terraform: their type is known only once evaluated). Terraform converts between strings and numbers or
 * bools, never between numbers and bools, and never a scalar into a list or map.
 */
function literalProblem(kind, value) {
  if (value === null || (typeof value === 'string' && /\$\{|%\{/.test(value))) return null;
  const shape = Array.isArray(value) ? 'a list' : isObject(value) ? 'an object' : typeof value === 'boolean' ? 'a bool' : typeof value === 'number' ? 'a number' : 'a string';
  const fits = {
    string: !Array.isArray(value) && !isObject(value),
    number: typeof value === 'number' || (typeof value === 'string' && /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.trim())),
    bool: typeof value === 'boolean' || value === 'true' || value === 'false',
    list: Array.isArray(value),
    map: isObject(value) || (Array.isArray(value) && value.length > 0 && value.every(isObject)), // the latter: block syntax, reported apart
  }[kind];
  return fits === false ? `${shape} (${JSON.stringify(value)}) where the schema takes a ${kind}` : null;
}

/**
 * Problems of one body (a resource's, or a nested block's) against its schema object: arguments and blocks it does
 * not have, blocks given more often than the schema allows, required ones missing, literals of the wrong type.
 * Nested blocks are checked the same way, including the content of `dynamic` blocks; a block given as an
 * expression is left alone (it cannot be read).
 */
function schemaProblems(body, object, at, meta = new Set()) {
  const problems = [];
  const given = new Set(Object.keys(body));
  const nestedProblems = (name, field, items) => {
    if (!field.nested) return;
    for (const item of items) if (isObject(item)) problems.push(...schemaProblems(item, field.nested, `${at}.${name}`));
  };
  for (const [name, value] of Object.entries(body)) {
    if (name === 'dynamic') {
      for (const [label, dynamics] of Object.entries(value)) {
        const field = object.args.get(label);
        given.add(label);
        if (!field?.block) {
          problems.push(`${at}: dynamic "${label}": the provider schema has no block ${label} here`);
          continue;
        }
        for (const dynamic of [dynamics].flat()) {
          for (const key of Object.keys(dynamic)) if (!DYNAMIC_ARGUMENTS.has(key)) problems.push(`${at}: dynamic "${label}" has ${key}, which a dynamic block cannot`);
          nestedProblems(label, field, [dynamic.content].flat());
        }
      }
      continue;
    }
    if (meta.has(name)) continue;
    const field = object.args.get(name);
    if (!field) {
      const why = object.attributes.has(name) ? 'is computed by the provider and cannot be set' : 'is not an argument or block of this type';
      problems.push(`${at}: ${name} ${why}`);
      continue;
    }
    // hcl2json gives a block as a list of objects and `name = { ... }` as one object: the two are not interchangeable.
    if (field.block && isObject(value)) problems.push(`${at}: ${name} is a block in the schema, written here as an argument (${name} = { ... })`);
    if (!field.block && !field.list && Array.isArray(value) && value.length > 0 && value.every(isObject)) {
      problems.push(`${at}: ${name} is an argument in the schema, written here as a block (${name} { ... })`);
    }
    const literal = field.value && literalProblem(field.value, value);
    if (literal) problems.push(`${at}: ${name} is ${literal}`);
    const items = [value].flat();
    if (field.block && field.maxOne && items.length > 1) problems.push(`${at}: ${name} is given ${items.length} times; the schema allows one`);
    nestedProblems(name, field, items);
  }
  for (const [name, field] of object.args) {
    if (field.required && !given.has(name)) problems.push(`${at}: required ${field.block ? 'block' : 'argument'} ${name} is missing`);
  }
  return problems;
}

/** The "${...}" expressions inside a parsed value, however deeply nested, with braces balanced. */
function expressionsIn(value) {
  const text = JSON.stringify(value) ?? '';
  const found = [];
  for (let start = text.indexOf('${'); start >= 0; start = text.indexOf('${', start + 2)) {
    let depth = 0;
    let end = start + 1;
    for (; end < text.length; end += 1) {
      if (text[end] === '{') depth += 1;
      else if (text[end] === '}' && --depth === 0) break;
    }
    found.push(text.slice(start + 2, end));
  }
  return found;
}

/**
 * References to resource and data source attributes in an expression: the type, and the attribute names read in
 * order (`aws_x.n[0].vpc_config[0].vpc_id` gives ["vpc_config", "vpc_id"]), indexes and splats skipped.
 */
function attributeReads(text) {
  const reads = [];
  for (const match of text.matchAll(/(?<![\w.])(data\.)?((?:aws|random)_[a-z0-9_]+)\.([a-z0-9_]+)/g)) {
    const step = /\s*(?:\.([a-z_][a-z0-9_]*|\*)|\[((?:[^[\]]|\[[^\]]*\])*)\])/y;
    let end = match.index + match[0].length;
    const path = [];
    for (step.lastIndex = end; ; end = step.lastIndex) {
      const m = step.exec(text);
      if (!m) break;
      if (m[1] && m[1] !== '*') path.push(m[1]);
    }
    reads.push({ kind: match[1] ? 'data' : 'resource', type: match[2], name: match[3], path, text: text.slice(match.index, end) });
  }
  return reads;
}

/** Every resource and data block of the configuration, with its kind, including data sources scoped to a check block. */
function typedBlocks(tf) {
  return [...tf.modules.values()].flatMap((module) => [
    ...module.resources.map((r) => ({ ...r, kind: 'resource', module })),
    ...module.data.map((d) => ({ ...d, kind: 'data', module })),
    ...module.checks.flatMap((check) => Object.entries(check.body.data ?? {}).flatMap(([type, byName]) =>
      Object.entries(byName).map(([name, bodies]) => ({ type, name, body: bodies[0], file: `${module.dir} check ${check.name}`, kind: 'data', module })))),
  ]);
}

/** "6.25.0" as numbers; a pre-release suffix is dropped (none is pinned here). */
const versionParts = (version) => String(version).split('-')[0].split('.').map(Number);

function compareVersions(a, b) {
  const [x, y] = [versionParts(a), versionParts(b)];
  for (let i = 0; i < Math.max(x.length, y.length); i += 1) {
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return 0;
}

/**
 * Whether a version satisfies a Terraform version constraint ("~> 6.20", ">= 1.2, < 2.0", ...). `~>` lets only the
 * last given part grow: "~> 6.20" means >= 6.20 and < 7.0, "~> 3.6.1" means >= 3.6.1 and < 3.7.
 */
function satisfies(version, constraint) {
  return constraint.split(',').map((part) => part.trim()).filter(Boolean).every((part) => {
    const [, op = '=', wanted] = /^(~>|>=|<=|!=|>|<|=)?\s*(\S+)$/.exec(part) ?? [];
    if (!wanted) return false;
    const order = compareVersions(version, wanted);
    if (op === '~>') {
      const parts = versionParts(wanted);
      const upper = parts.length > 1 ? [...parts.slice(0, -2), parts[parts.length - 2] + 1].join('.') : `${parts[0] + 1}`;
      return order >= 0 && compareVersions(version, upper) < 0;
    }
    return { '=': order === 0, '!=': order !== 0, '>': order > 0, '>=': order >= 0, '<': order < 0, '<=': order <= 0 }[op];
  });
}

/** A provider source as the lock file spells it: "hashicorp/aws" -> "registry.terraform.io/hashicorp/aws". */
const fullSource = (source) => (String(source).split('/').length === 2 ? `registry.terraform.io/${source}` : String(source)).toLowerCase();

/** The providers a root module needs, from its own required_providers and every module it calls: source -> constraints. */
function requiredProviders(tf, root, seen = new Set(), found = new Map()) {
  if (seen.has(root.dir)) return found;
  seen.add(root.dir);
  for (const settings of root.terraform) {
    for (const providers of list(settings.required_providers)) {
      for (const [name, requirement] of Object.entries(providers)) {
        const source = fullSource(requirement.source ?? `hashicorp/${name}`);
        if (!found.has(source)) found.set(source, { name, constraints: new Set() });
        if (requirement.version) found.get(source).constraints.add(requirement.version);
      }
    }
  }
  for (const call of root.calls) {
    const target = tf.modules.get(normalize(root.dir, String(call.body.source)));
    if (target) requiredProviders(tf, target, seen, found);
  }
  return found;
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
    name: 'every .tf file is formatted exactly as terraform fmt writes it (npm run fmt rewrites them)',
    run(tf) {
      const problems = [];
      if (tf.formatting.length < 20) problems.push(`only ${tf.formatting.length} files formatted`);
      for (const file of tf.formatting) {
        if (file.error) {
          problems.push(`${file.rel}: the formatter failed: ${file.error}`);
          continue;
        }
        if (file.formatted === file.text) continue;
        // Name the first line that differs, so the report says where (the fix is `npm run fmt` either way).
        const lines = file.text.split('\n');
        const wanted = file.formatted.split('\n');
        const at = lines.findIndex((line, i) => line !== wanted[i]);
        problems.push(`${file.rel}:${at + 1}: not formatted as terraform fmt would write it ("${(wanted[at] ?? '').trim()}")`);
      }
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
    name: 'every resource, data and provider block sets only arguments and blocks its provider schema has, and all required ones',
    run(tf) {
      const problems = [];
      const all = typedBlocks(tf);
      if (all.length < 50) problems.push(`only ${all.length} resource and data blocks found`);
      for (const block of all) {
        const at = `${block.file}: ${block.kind === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
        const schema = schemaOf(block.kind, block.type);
        if (!schema) problems.push(`${at}: the provider schema has no ${block.kind === 'data' ? 'data source' : 'resource type'} ${block.type}`);
        else problems.push(...schemaProblems(block.body, schema, at, META_ARGUMENTS));
      }
      for (const module of tf.modules.values()) {
        for (const provider of module.providers) {
          const schema = schemaOf('provider', provider.name);
          const at = `${provider.file}: provider "${provider.name}"`;
          if (!schema) problems.push(`${at}: no schema package for this provider`);
          else problems.push(...schemaProblems(provider.body, schema, at, PROVIDER_META_ARGUMENTS));
        }
      }
      return problems;
    },
  },
  {
    name: 'every read of a resource or data source attribute names an attribute its type has',
    run(tf) {
      const problems = [];
      let reads = 0;
      for (const module of tf.modules.values()) {
        const values = [module.resources, module.data, module.outputs, module.locals, module.calls, module.checks];
        for (const text of expressionsIn(values)) {
          for (const read of attributeReads(text)) {
            reads += 1;
            let object = schemaOf(read.kind, read.type);
            if (!object) {
              problems.push(`${module.dir}: ${read.text}: the provider schema has no ${read.kind === 'data' ? 'data source' : 'resource type'} ${read.type}`);
              continue;
            }
            // Follow the path while it goes through nested objects; a map or string attribute ends what we can check.
            for (const [i, name] of read.path.entries()) {
              if (!object.attributes.has(name)) {
                problems.push(`${module.dir}: ${read.text}: ${[read.type, ...read.path.slice(0, i)].join('.')} has no attribute ${name}`);
                break;
              }
              const nested = object.attributes.get(name);
              if (!nested) break;
              object = nested();
            }
          }
        }
      }
      if (reads < 50) problems.push(`only ${reads} attribute reads found`);
      return [...new Set(problems)];
    },
  },
  {
    name: 'every example root has the lock file terraform init writes, pinning the schemas\' provider versions within the constraints',
    run(tf) {
      const problems = [];
      const roots = [...tf.modules.values()].filter((module) => /^examples\/[^/]+$/.test(module.dir));
      if (roots.length === 0) problems.push('no example root');
      for (const root of roots) {
        const lock = root.lock;
        if (!lock) {
          problems.push(`${root.dir}: no .terraform.lock.hcl (terraform init would pick provider versions and record no hashes)`);
          continue;
        }
        if (lock.error) {
          problems.push(`${lock.file}: does not parse: ${lock.error}`);
          continue;
        }
        const locked = new Map(Object.entries(lock.json.provider ?? {}).map(([source, bodies]) => [source.toLowerCase(), bodies[0]]));
        const required = requiredProviders(tf, root);
        if (required.size === 0) problems.push(`${root.dir}: requires no provider`);
        for (const [source, { name, constraints }] of required) {
          const entry = locked.get(source);
          if (!entry) {
            problems.push(`${lock.file}: no entry for ${source}`);
            continue;
          }
          for (const constraint of constraints) {
            if (!satisfies(entry.version, constraint)) problems.push(`${lock.file}: ${source} ${entry.version} does not satisfy "${constraint}"`);
          }
          // terraform init records the constraints it saw, sorted; different ones mean the lock was made for other files.
          const recorded = String(entry.constraints ?? '').split(',').map((c) => c.trim()).filter(Boolean).sort().join(', ');
          if (recorded !== [...constraints].sort().join(', ')) problems.push(`${lock.file}: ${source} records constraints "${entry.constraints}", the configuration has "${[...constraints].join(', ')}"`);
          const hashes = list(entry.hashes);
          if (!hashes.some((h) => /^zh:[0-9a-f]{64}$/.test(h)) || !hashes.some((h) => /^h1:[A-Za-z0-9+/]{43}=$/.test(h)) || !hashes.every((h) => /^(zh:[0-9a-f]{64}|h1:[A-Za-z0-9+/]{43}=)$/.test(h))) {
            problems.push(`${lock.file}: ${source} lacks well-formed zh: and h1: hashes`);
          }
          // The checks read this provider's schema from a package generated from one exact release: lock that release.
          if (name in PROVIDER_PACKAGES) {
            const release = providerRelease(name);
            if (release.source !== source) problems.push(`${lock.file}: ${name} is ${source}, the schema package is for ${release.source}`);
            else if (release.version !== entry.version) problems.push(`${lock.file}: ${source} ${entry.version}, but the schema checked is ${release.package}, generated from ${release.version}`);
          }
        }
        for (const source of locked.keys()) if (!required.has(source)) problems.push(`${lock.file}: locks ${source}, which nothing requires`);
      }
      return problems;
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
    name: 'both Lambdas run SnapStart on a published version, and every invoker goes through the alias',
    run(tf) {
      const problems = [];
      const functions = trafficFunctions(tf);
      if (functions.length !== 2) problems.push(`expected the ingest and process Lambdas, found ${functions.length} functions`);
      const aliases = new Set();
      for (const fn of functions) {
        if (blocks(fn.body, 'snap_start')[0]?.apply_on !== 'PublishedVersions') problems.push(`${where(fn)}: snap_start.apply_on is not PublishedVersions`);
        if (fn.body.publish !== true) problems.push(`${where(fn)}: publish is not true (SnapStart applies to published versions only)`);
        const alias = fn.module.resources.find((r) => r.type === 'aws_lambda_alias' && references(r.body.function_version, `aws_lambda_function.${fn.name}.version`));
        if (!alias) problems.push(`${where(fn)}: no alias on its published version`);
        else aliases.add(`${fn.module.dir}:${alias.name}`);
      }
      // Whatever invokes a function must name the alias: the unqualified function runs $LATEST, without SnapStart.
      const viaAlias = (r, value, attributes) => {
        const match = new RegExp(`^aws_lambda_alias\\.(\\w+)\\.(${attributes})$`).exec(expression(value) ?? '');
        return match && aliases.has(`${r.module.dir}:${match[1]}`) ? match[1] : null;
      };
      const invoked = new Set();
      for (const mapping of resourcesOf(tf, 'aws_lambda_event_source_mapping')) {
        const alias = viaAlias(mapping, mapping.body.function_name, 'arn');
        if (!alias) problems.push(`${where(mapping)}: function_name is not an alias ARN (it would run $LATEST, without SnapStart)`);
        else invoked.add(`${mapping.module.dir}:${alias}`);
      }
      for (const integration of resourcesOf(tf, 'aws_apigatewayv2_integration').filter((i) => i.body.integration_type === 'AWS_PROXY')) {
        const alias = viaAlias(integration, integration.body.integration_uri, 'arn|invoke_arn');
        if (!alias) problems.push(`${where(integration)}: integration_uri is not an alias ARN (it would run $LATEST, without SnapStart)`);
        else invoked.add(`${integration.module.dir}:${alias}`);
      }
      for (const permission of resourcesOf(tf, 'aws_lambda_permission')) {
        if (!viaAlias(permission, permission.body.qualifier, 'name') && !viaAlias(permission, permission.body.function_name, 'arn')) {
          problems.push(`${where(permission)}: the permission is not on the alias (qualifier = aws_lambda_alias.<name>.name)`);
        }
      }
      for (const alias of aliases) if (!invoked.has(alias)) problems.push(`alias ${alias} is invoked by nothing`);
      return problems;
    },
  },
  {
    name: 'the Lambdas run the jar with the settings it needs, and none migrates through Boot\'s Flyway settings',
    run(tf) {
      const problems = [];
      const functions = resourcesOf(tf, 'aws_lambda_function');
      const definitions = functions.map((fn) => functionEnvironment(fn).spring_cloud_function_definition).sort();
      if (definitions.join() !== 'ingest,migrate,processSqs') problems.push(`function definitions are ${definitions.join()}, expected ingest, migrate and processSqs`);
      const required = ['MAIN_CLASS', 'FLYTRAP_QUEUE_TYPE', 'FLYTRAP_QUEUE_SQS_QUEUE', 'FLYTRAP_QUEUE_SQS_CLAIM_BUCKET', 'FLYTRAP_ARTIFACTS_STORAGE',
        'FLYTRAP_ARTIFACTS_S3_BUCKET', 'FLYTRAP_DB_URL', 'FLYTRAP_DB_USER', 'SPRING_CONFIG_IMPORT', 'SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE',
        'SPRING_CLOUD_AWS_REGION_STATIC'];
      for (const fn of functions) {
        const env = functionEnvironment(fn);
        for (const key of required) if (!(key in env)) problems.push(`${where(fn)}: environment lacks ${key}`);
        if (env.MAIN_CLASS !== 'io.flytrap.functions.lambda.LambdaApplication') problems.push(`${where(fn)}: MAIN_CLASS is ${env.MAIN_CLASS}`);
        if (env.FLYTRAP_QUEUE_TYPE !== 'sqs' || env.FLYTRAP_ARTIFACTS_STORAGE !== 's3') problems.push(`${where(fn)}: queue must be sqs and artifacts s3`);
        // the jar's context was prepared at build time for exactly these settings (functions/pom.xml, lambda-aot)
        if (!/-Dspring\.aot\.enabled=true/.test(env.JAVA_TOOL_OPTIONS ?? '')) problems.push(`${where(fn)}: JAVA_TOOL_OPTIONS must enable the build-time prepared context (-Dspring.aot.enabled=true)`);
        if (fn.body.handler !== HANDLER && evaluate(fn.body.handler, { module: fn.module }) !== HANDLER) problems.push(`${where(fn)}: handler is not FunctionInvoker`);
        // Migrations run in the migrate function through the Flyway API, never through Boot's Flyway settings
        // (the build-time prepared context has no Flyway auto-configuration to switch on).
        for (const key of Object.keys(env)) {
          if (/FLYWAY|MIGRATE/.test(key)) problems.push(`${where(fn)}: ${key} set; migrations run only in the migrate function and the dashboard`);
        }
        if (!fn.body.s3_key) problems.push(`${where(fn)}: the jar must come from S3 (too large for a direct upload)`);
      }
      return problems;
    },
  },
  {
    name: 'the dashboard queues to SQS without consuming it, and its plain environment holds no secret',
    run(tf) {
      const problems = [];
      const d = dashboardEnvironment(tf);
      if (d.error) return [d.error];
      const { env, module, merged, task } = d;
      // A dashboard with workers would take events off the queue beside the process Lambda.
      if (env.FLYTRAP_WORKER_ENABLED !== '"false"') problems.push(`${where(task)}: FLYTRAP_WORKER_ENABLED is ${env.FLYTRAP_WORKER_ENABLED}, not "false"`);
      if (env.FLYTRAP_QUEUE_TYPE !== '"sqs"') problems.push(`${where(task)}: FLYTRAP_QUEUE_TYPE is ${env.FLYTRAP_QUEUE_TYPE}, not "sqs"`);
      // The environment is stored in plain text in the task definition; secrets go through ECS's secrets.
      for (const key of Object.keys(env)) if (SECRET_NAME.test(key)) problems.push(`${where(task)}: ${key} in the plain environment`);
      for (const part of merged) {
        const local = /^local\.(\w+)$/.exec(part);
        const variable = /^var\.(\w+)$/.exec(part);
        if (local) {
          const text = JSON.stringify(module.locals[local[1]] ?? '');
          if (/FLYTRAP_WORKER_ENABLED|FLYTRAP_QUEUE_TYPE/.test(text) || SECRET_NAME.test(text)) problems.push(`${module.dir}: local.${local[1]} merged into the environment sets queue settings or a secret`);
        } else if (variable) {
          // A map from the caller is merged last: it must not be able to turn workers on or carry secrets.
          const v = module.variables[variable[1]];
          if (!refusesSecrets(v)) problems.push(`${module.dir}: var.${variable[1]} is merged into the environment but does not refuse secret names`);
          if (!blocks(v, 'validation').some((x) => /FLYTRAP_WORKER_ENABLED/.test(String(x.condition)) && /FLYTRAP_QUEUE_TYPE/.test(String(x.condition)))) {
            problems.push(`${module.dir}: var.${variable[1]} may override FLYTRAP_WORKER_ENABLED or FLYTRAP_QUEUE_TYPE`);
          }
          for (const { label, call, caller } of scopesOf(tf, module.dir).filter((s) => s.call)) {
            const passed = call.body[variable[1]];
            const fromVar = /^var\.(\w+)$/.exec(expression(passed) ?? '');
            if (fromVar && !refusesSecrets(caller.variables[fromVar[1]])) problems.push(`${label}: var.${fromVar[1]} (passed as ${variable[1]}) does not refuse secret names`);
            if (passed && typeof passed === 'object') for (const key of Object.keys(passed)) if (SECRET_NAME.test(key)) problems.push(`${label}: ${key} passed in ${variable[1]}`);
          }
        } else {
          problems.push(`${module.dir}: cannot read ${part}, merged into the dashboard's environment`);
        }
      }
      return problems;
    },
  },
  {
    name: 'further dashboard secrets are injected by ECS from Secrets Manager, readable by the execution role only',
    run(tf) {
      const problems = [];
      const d = dashboardEnvironment(tf);
      if (d.error) return [d.error];
      const { task, module } = d;
      if (module.variables.secrets?.type === undefined) problems.push(`${module.dir}: no secrets variable (env name -> Secrets Manager ARN)`);
      if (!/valueFrom\s*=\s*var\.secrets\[key\]/.test(String(task.body.container_definitions))) problems.push(`${where(task)}: the container's secrets do not include var.secrets`);
      // The role ECS starts the task with must be allowed GetSecretValue on those ARNs, named (never "*").
      const role = /^aws_iam_role\.(\w+)\.arn$/.exec(expression(task.body.execution_role_arn) ?? '');
      const policy = role && module.resources.find((r) => r.type === 'aws_iam_role_policy' && expression(r.body.role) === `aws_iam_role.${role[1]}.id`);
      const docName = policy && /^data\.aws_iam_policy_document\.(\w+)\.json$/.exec(expression(policy.body.policy) ?? '');
      const doc = docName && module.data.find((x) => x.type === 'aws_iam_policy_document' && x.name === docName[1]);
      const grants = blocks(doc?.body, 'statement').filter((st) => list(st.actions).includes('secretsmanager:GetSecretValue'));
      const resolved = (value) => String(value).replace(/local\.(\w+)/g, (m, name) => JSON.stringify(module.locals[name] ?? m));
      if (!grants.some((st) => /values\(var\.secrets\)/.test(resolved(JSON.stringify(st.resources))))) {
        problems.push(`${module.dir}: the execution role's policy does not allow secretsmanager:GetSecretValue on the ARNs in var.secrets`);
      }
      if (!blocks(module.variables.secrets, 'validation').some((v) => /secretsmanager/.test(String(v.condition)))) problems.push(`${module.dir}: var.secrets does not require Secrets Manager ARNs`);
      for (const { label, call } of scopesOf(tf, module.dir).filter((s) => s.call)) {
        if (!('secrets' in call.body)) problems.push(`${label}: passes no secrets, so SMTP passwords have nowhere to go but the environment`);
      }
      // Advice must not send a password to an environment map: examples and docs are copied as they are.
      for (const [rel, text] of tf.texts) {
        if (rel.endsWith('.tf')) continue;
        if (/environment\s*=\s*\{[^}]*PASSWORD/i.test(text)) problems.push(`${rel}: a password in an environment map`);
        for (const sentence of text.replace(/\n(?!\n)/g, ' ').split(/(?<=[.;:])\s+|\n\n/)) {
          if (/SPRING_MAIL_\*|\b[A-Z][A-Z0-9]*_[A-Z0-9_]*PASSWORD\b/.test(sentence) && /`(dashboard_)?environment`/.test(sentence) && !/secrets/.test(sentence)) {
            problems.push(`${rel}: "${sentence.trim().slice(0, 100)}..." puts mail settings in the environment without saying where the password goes`);
          }
        }
      }
      return problems;
    },
  },
  {
    name: 'the Lambdas and the dashboard share their queue, storage and alert settings',
    run(tf) {
      const problems = [];
      const SHARED = ['FLYTRAP_QUEUE_TYPE', 'FLYTRAP_QUEUE_SQS_QUEUE', 'FLYTRAP_QUEUE_SQS_CLAIM_BUCKET', 'FLYTRAP_QUEUE_SQS_MAX_MESSAGE_SIZE',
        'FLYTRAP_ARTIFACTS_STORAGE', 'FLYTRAP_ARTIFACTS_S3_BUCKET', 'SPRING_CLOUD_AWS_REGION_STATIC', 'FLYTRAP_ALERTS_EMAIL', 'FLYTRAP_ALERTS_SNS_TOPIC_PREFIX'];
      const d = dashboardEnvironment(tf);
      if (d.error) return [d.error];
      const dashboard = Object.fromEntries(Object.entries(d.env).map(([k, v]) => [k, v.replace(/\s+/g, ' ')]));
      const functions = resourcesOf(tf, 'aws_lambda_function');
      if (functions.length === 0) return ['no Lambda functions'];
      const inputs = new Set();
      for (const fn of functions) {
        const env = functionEnvironment(fn);
        for (const key of SHARED) {
          const mine = key in env ? asWritten(env[key]) : undefined;
          if (mine === undefined || dashboard[key] === undefined) problems.push(`${where(fn)}: ${key} is set in ${mine === undefined ? 'the dashboard only' : 'the Lambdas only'}`);
          else if (mine !== dashboard[key]) problems.push(`${where(fn)}: ${key} is ${mine} here but ${dashboard[key]} in the dashboard`);
          for (const [, name] of `${mine ?? ''} ${dashboard[key] ?? ''}`.matchAll(/var\.(\w+)/g)) inputs.add(name);
        }
      }
      // Same expressions over the same variable names: every root must also pass both modules the same values.
      const lambdasDir = functions[0].module.dir;
      for (const root of tf.modules.values()) {
        const find = (dir) => root.calls.find((c) => normalize(root.dir, String(c.body.source)) === dir);
        const [lambdas, dashboardCall] = [find(lambdasDir), find(d.module.dir)];
        if (!lambdas || !dashboardCall) continue;
        for (const name of inputs) {
          const [a, b] = [lambdas.body[name], dashboardCall.body[name]];
          const fallback = (dir) => tf.modules.get(dir).variables[name]?.default;
          const [left, right] = [a ?? fallback(lambdasDir), b ?? fallback(d.module.dir)];
          if (JSON.stringify(left) !== JSON.stringify(right)) problems.push(`${root.dir}: ${name} is ${JSON.stringify(left)} for the Lambdas but ${JSON.stringify(right)} for the dashboard`);
        }
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
      const keys = String(module.locals.ingest_route_keys ?? '');
      if (!keys.includes('"POST ${path}"') || !keys.includes('"OPTIONS ${path}"')) problems.push('routes are not POST and OPTIONS for every path');
      const routeKeys = paths.flatMap((path) => [`POST ${path}`, `OPTIONS ${path}`]);
      for (const r of routes) if (typeof r.body.route_key === 'string' && !expression(r.body.route_key)) routeKeys.push(r.body.route_key);
      for (const key of routeKeys) {
        const problem = routeKeyProblem(key);
        if (problem) problems.push(`route key "${key}": ${problem}`);
      }
      // What SDKs really send: Sentry's with a trailing slash (most SDKs) and without, the native SDKs' without.
      for (const path of SDK_PATHS) {
        for (const method of ['POST', 'OPTIONS']) {
          if (!routeKeys.some((key) => routeMatches(key, method, path))) problems.push(`no route takes ${method} ${path}`);
        }
      }
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
    name: 'every alarm notifies the one alarm topic, in every root that uses it',
    run(tf) {
      const problems = [];
      const alarms = resourcesOf(tf, 'aws_cloudwatch_metric_alarm');
      if (alarms.length === 0) return ['no alarms'];
      for (const alarm of alarms) {
        const actions = alarm.body.alarm_actions;
        if (actions === undefined) {
          problems.push(`${where(alarm)}: no alarm_actions`);
          continue;
        }
        const topics = (module, value) => [...JSON.stringify(value ?? '').matchAll(/aws_sns_topic\.(\w+)\.arn/g)]
          .filter((m) => module.resources.some((r) => r.type === 'aws_sns_topic' && r.name === m[1]));
        const variable = /^var\.(\w+)$/.exec(expression(actions) ?? '');
        if (!variable) {
          if (topics(alarm.module, actions).length === 0) problems.push(`${where(alarm)}: alarm_actions name no SNS topic of its module`);
          continue;
        }
        const calls = scopesOf(tf, alarm.module.dir).filter((x) => x.call);
        if (calls.length === 0) problems.push(`${where(alarm)}: alarm_actions come from var.${variable[1]}, but no root sets it`);
        for (const { label, call, caller } of calls) {
          if (topics(caller, call.body[variable[1]]).length === 0) problems.push(`${label}: ${variable[1]} names no SNS topic, so ${alarm.name} notifies nobody`);
        }
      }
      // The topic exists whatever is subscribed; the e-mail subscription is the optional part.
      for (const root of [...tf.modules.values()].filter((m) => m.calls.length > 0)) {
        const topics = root.resources.filter((r) => r.type === 'aws_sns_topic');
        for (const topic of topics) if (topic.body.count !== undefined || topic.body.for_each !== undefined) problems.push(`${where({ ...topic, module: root })}: the alarm topic is conditional, so alarms may have nowhere to go`);
        const subscription = root.resources.find((r) => r.type === 'aws_sns_topic_subscription' && r.body.protocol === 'email');
        if (!subscription || !/var\.alarm_email/.test(String(subscription.body.endpoint)) || !/var\.alarm_email != null \? 1 : 0/.test(String(subscription.body.count))) {
          problems.push(`${root.dir}: no optional e-mail subscription (count on var.alarm_email) to the alarm topic`);
        }
        if (root.variables.alarm_email?.default !== null) problems.push(`${root.dir}: alarm_email must be optional (default null)`);
      }
      return [...new Set(problems)];
    },
  },
  {
    name: 'alarms cover Lambda errors and throttles, queue age, database CPU, storage and connections, and load balancer 5xx',
    run(tf) {
      const problems = [];
      const alarms = resourcesOf(tf, 'aws_cloudwatch_metric_alarm');
      const watched = (namespace, metric, dimension, target, direction) => alarms.some((alarm) => alarm.body.namespace === namespace
        && alarm.body.metric_name === metric && references(JSON.stringify(alarm.body.dimensions ?? ''), target)
        && JSON.stringify(alarm.body.dimensions ?? '').includes(dimension) && String(alarm.body.comparison_operator).startsWith(direction));
      const expected = [];
      for (const fn of trafficFunctions(tf)) {
        for (const metric of ['Errors', 'Throttles']) expected.push(['AWS/Lambda', metric, 'FunctionName', `aws_lambda_function.${fn.name}.`, 'GreaterThan', `${fn.name} ${metric}`]);
      }
      if (expected.length !== 4) problems.push('cannot find the ingest and process functions');
      const queue = resourcesOf(tf, 'aws_sqs_queue').find((q) => q.body.redrive_policy);
      if (queue) expected.push(['AWS/SQS', 'ApproximateAgeOfOldestMessage', 'QueueName', `aws_sqs_queue.${queue.name}.`, 'GreaterThan', 'age of the event queue\'s oldest message']);
      const [db] = resourcesOf(tf, 'aws_db_instance');
      if (db) {
        expected.push(['AWS/RDS', 'CPUUtilization', 'DBInstanceIdentifier', `aws_db_instance.${db.name}.`, 'GreaterThan', 'database CPU']);
        expected.push(['AWS/RDS', 'FreeStorageSpace', 'DBInstanceIdentifier', `aws_db_instance.${db.name}.`, 'LessThan', 'database free storage']);
        expected.push(['AWS/RDS', 'DatabaseConnections', 'DBInstanceIdentifier', `aws_db_instance.${db.name}.`, 'GreaterThan', 'database connections']);
      }
      const [lb] = resourcesOf(tf, 'aws_lb');
      if (lb) {
        expected.push(['AWS/ApplicationELB', 'HTTPCode_Target_5XX_Count', 'LoadBalancer', `aws_lb.${lb.name}.arn_suffix`, 'GreaterThan', 'dashboard 5xx (target)']);
        expected.push(['AWS/ApplicationELB', 'HTTPCode_ELB_5XX_Count', 'LoadBalancer', `aws_lb.${lb.name}.arn_suffix`, 'GreaterThan', 'load balancer 5xx (ELB)']);
      }
      if (!queue || !db || !lb) problems.push('cannot find the event queue, the database or the load balancer');
      for (const [namespace, metric, dimension, target, direction, what] of expected) {
        if (!watched(namespace, metric, dimension, target, direction)) problems.push(`no alarm on ${what} (${namespace} ${metric} by ${dimension}, ${direction}Threshold)`);
      }
      return problems;
    },
  },
  {
    name: 'the PostgreSQL log RDS exports goes to a log group with retention, created before the instance',
    run(tf) {
      const problems = [];
      const instances = resourcesOf(tf, 'aws_db_instance');
      if (instances.length === 0) return ['no aws_db_instance'];
      for (const db of instances) {
        const exports = list(db.body.enabled_cloudwatch_logs_exports);
        if (!exports.includes('postgresql')) problems.push(`${where(db)}: the postgresql log is not exported`);
        const identifier = String(db.body.identifier);
        for (const log of exports) {
          const name = `/aws/rds/instance/${identifier}/${log}`;
          const group = db.module.resources.find((r) => r.type === 'aws_cloudwatch_log_group' && r.body.name === name);
          if (!group) {
            problems.push(`${where(db)}: no log group ${name} (RDS would create one that keeps the log forever)`);
            continue;
          }
          if (group.body.retention_in_days === undefined) problems.push(`${where(group)}: no retention_in_days`);
          if (!list(db.body.depends_on).some((d) => expression(d) === `aws_cloudwatch_log_group.${group.name}`)) {
            problems.push(`${where(db)}: does not depend on aws_cloudwatch_log_group.${group.name}, so RDS may create the group first`);
          }
        }
      }
      return problems;
    },
  },
  {
    name: 'no Lambda environment holds the database password; the functions import it from Secrets Manager at start',
    run(tf) {
      const problems = [];
      const functions = resourcesOf(tf, 'aws_lambda_function');
      if (functions.length === 0) return ['no Lambda functions'];
      for (const fn of functions) {
        const env = functionEnvironment(fn);
        // What the environment is built from, as written: the merge() and the local it reads.
        const written = [JSON.stringify(lambdaEnv(fn)), JSON.stringify(env)].join(' ');
        for (const key of Object.keys(env)) if (/PASSWORD/i.test(key)) problems.push(`${where(fn)}: ${key} in the environment (readable through lambda:GetFunctionConfiguration)`);
        const found = PASSWORD_SOURCE.exec(written.replace(/"[A-Z0-9_]+"\s*:/g, ''));
        if (found) problems.push(`${where(fn)}: the environment is built from ${found[0]}`);
        // Variables are followed to what each root passes, and into the module output it names.
        const variables = new Set([...written.matchAll(/var\.(\w+)/g)].map((m) => m[1]));
        for (const name of variables) {
          const variable = fn.module.variables[name];
          if (variable?.sensitive === true) problems.push(`${where(fn)}: the environment reads the sensitive var.${name}`);
          for (const { label, caller, call } of scopesOf(tf, fn.module.dir).filter((x) => x.call)) {
            const { passed, output } = passedValue(tf, caller, call, name);
            const text = `${JSON.stringify(passed ?? '')} ${JSON.stringify(output?.value ?? '')}`;
            const leak = PASSWORD_SOURCE.exec(text);
            if (leak || output?.sensitive === true) problems.push(`${label}: ${name} (in ${where(fn)}'s environment) is given ${leak?.[0] ?? 'a sensitive output'}`);
          }
        }
        const imported = /^aws-secretsmanager:\$\{var\.(\w+)\}\?prefix=spring\.datasource\.$/.exec(String(env.SPRING_CONFIG_IMPORT ?? ''));
        if (!imported) {
          problems.push(`${where(fn)}: SPRING_CONFIG_IMPORT is not aws-secretsmanager:\${var.<secret arn>}?prefix=spring.datasource.`);
          continue;
        }
        // SnapStart keeps what the start read: the secret's version must be part of what publishes a version.
        const versioned = Object.values(env).some((value) => {
          const name = /^\$\{var\.(\w+)\}$/.exec(String(value));
          const scopes = name ? scopesOf(tf, fn.module.dir).filter((x) => x.call) : [];
          return scopes.length > 0 && scopes.every(({ caller, call }) =>
            /aws_secretsmanager_secret_version\.\w+\.version_id/.test(String(passedValue(tf, caller, call, name[1]).output?.value ?? '')));
        });
        if (!versioned) problems.push(`${where(fn)}: no environment value carries the secret's version id, so a new password would not publish new versions`);
      }
      return [...new Set(problems)];
    },
  },
  {
    name: 'each Lambda may read exactly the database secret it imports, and that secret holds the database password',
    run(tf) {
      const problems = [];
      for (const fn of resourcesOf(tf, 'aws_lambda_function')) {
        const imported = /^aws-secretsmanager:\$\{var\.(\w+)\}/.exec(String(functionEnvironment(fn).SPRING_CONFIG_IMPORT ?? ''));
        if (!imported) {
          problems.push(`${where(fn)}: imports no secret`);
          continue;
        }
        const statements = roleStatements(fn);
        if (!statements) {
          problems.push(`${where(fn)}: role is not a role of this module`);
          continue;
        }
        const grants = statements.filter((st) => (st.effect ?? 'Allow') === 'Allow' && list(st.actions).some((a) => a.startsWith('secretsmanager:')));
        const resources = [...new Set(grants.flatMap((st) => list(st.resources)))];
        const actions = [...new Set(grants.flatMap((st) => list(st.actions)))];
        if (resources.length !== 1 || resources[0] !== `\${var.${imported[1]}}`) {
          problems.push(`${where(fn)}: its role may use Secrets Manager on ${resources.join(', ') || 'nothing'}, not exactly var.${imported[1]}`);
        }
        if (actions.join() !== 'secretsmanager:GetSecretValue') problems.push(`${where(fn)}: its role may call ${actions.join(', ') || 'nothing'} in Secrets Manager, not exactly GetSecretValue`);
        for (const { label, caller, call } of scopesOf(tf, fn.module.dir).filter((x) => x.call)) {
          const { target, output } = passedValue(tf, caller, call, imported[1]);
          const secret = /^aws_secretsmanager_secret\.(\w+)\.arn$/.exec(expression(output?.value) ?? '');
          const holds = secret && target.resources.some((r) => r.type === 'aws_secretsmanager_secret_version'
            && references(r.body.secret_id, `aws_secretsmanager_secret.${secret[1]}.`) && /password\s*=\s*random_password\./.test(String(r.body.secret_string)));
          if (!holds) problems.push(`${label}: ${imported[1]} is not the secret that holds the database's generated password`);
        }
      }
      return [...new Set(problems)];
    },
  },
  {
    name: 'the Lambdas that serve traffic publish only after the migrate invocation, which runs again with every new jar',
    run(tf) {
      const problems = [];
      const migrate = resourcesOf(tf, 'aws_lambda_function').filter((fn) => functionEnvironment(fn).spring_cloud_function_definition === 'migrate');
      if (migrate.length !== 1) return [`expected one migrate function, found ${migrate.length}`];
      const [fn] = migrate;
      const invocations = fn.module.resources.filter((r) => r.type === 'aws_lambda_invocation' && references(r.body.function_name, `aws_lambda_function.${fn.name}.`));
      if (invocations.length !== 1) return [`${where(fn)}: expected one aws_lambda_invocation of it, found ${invocations.length}`];
      const [invocation] = invocations;
      const ref = `aws_lambda_invocation.${invocation.name}`;
      if (!/jar_sha256|filesha256|filebase64sha256|source_code_hash/.test(JSON.stringify(invocation.body.triggers ?? ''))) {
        problems.push(`${where(invocation)}: triggers do not include the jar's hash, so a new jar's migrations would not run`);
      }
      for (const { label, value, error } of valuesOf(tf, fn, fn.body.timeout)) {
        if (error || !(value >= 120)) problems.push(`${where(fn)} in ${label}: timeout ${error ?? value} s is too short for migrations (at least 120)`);
      }
      if (fn.body.reserved_concurrent_executions !== undefined) problems.push(`${where(fn)}: reserved concurrency (refused on accounts near the 100 unreserved minimum)`);
      const dependsOn = (r) => list(r.body.depends_on).some((d) => expression(d) === ref || d === ref);
      const traffic = trafficFunctions(tf);
      if (traffic.length !== 2) problems.push(`expected the ingest and process functions, found ${traffic.length}`);
      for (const t of traffic) {
        if (!dependsOn(t)) problems.push(`${where(t)}: does not depend on ${ref}, so it may publish before the schema is migrated`);
        const invokers = t.module.resources.filter((r) => ['aws_lambda_alias', 'aws_lambda_event_source_mapping'].includes(r.type)
          && (references(r.body.function_version, `aws_lambda_function.${t.name}.`)
            || t.module.resources.some((a) => a.type === 'aws_lambda_alias' && references(a.body.function_version, `aws_lambda_function.${t.name}.`)
              && references(r.body.function_name, `aws_lambda_alias.${a.name}.`))));
        for (const r of invokers) if (!dependsOn(r)) problems.push(`${where(r)}: does not depend on ${ref}`);
      }
      return problems;
    },
  },
  {
    name: 'reserved concurrency is off unless asked for, and a given value is a positive whole number',
    run(tf) {
      const problems = [];
      // Lambda keeps 100 of the account's concurrency unreserved; on a new account (quota 10 or 100) any
      // reservation fails the apply, so none may be on by default.
      for (const fn of resourcesOf(tf, 'aws_lambda_function')) {
        if (fn.body.reserved_concurrent_executions === undefined) continue;
        for (const { label, value, error } of valuesOf(tf, fn, fn.body.reserved_concurrent_executions)) {
          if (error || value !== null) problems.push(`${where(fn)} in ${label}: reserved_concurrent_executions is ${error ?? value} by default, not null`);
        }
        const variable = /^var\.(\w+)$/.exec(expression(fn.body.reserved_concurrent_executions) ?? '');
        const declared = variable && fn.module.variables[variable[1]];
        if (!declared) {
          problems.push(`${where(fn)}: reserved_concurrent_executions is not a variable of the module`);
          continue;
        }
        const validations = blocks(declared, 'validation').map((v) => String(v.condition));
        if (!validations.some((c) => c.includes(`var.${variable[1]} == null`) && />=\s*1\b/.test(c))) {
          problems.push(`${declared.file}: ${variable[1]} has no validation allowing null and requiring at least 1`);
        }
        if (!/minus 100/.test(String(declared.description))) problems.push(`${declared.file}: ${variable[1]} does not say its ceiling (the account quota minus 100)`);
      }
      const docs = tf.texts.get('../docs/deploy-aws.md') ?? '';
      if (!/ingest_reserved_concurrency/.test(docs) || !/quota[^.]*minus 100|minus 100[^.]*quota/i.test(docs)) {
        problems.push('docs/deploy-aws.md does not explain ingest_reserved_concurrency against the account quota (minus 100)');
      }
      return problems;
    },
  },
  {
    name: 'the load balancer checks the dashboard\'s liveness, not readiness (a database failover must not kill every task)',
    run(tf) {
      const problems = [];
      const groups = resourcesOf(tf, 'aws_lb_target_group');
      if (groups.length === 0) problems.push('no target group');
      for (const group of groups) {
        const path = blocks(group.body, 'health_check')[0]?.path;
        if (path !== '/actuator/health/liveness') problems.push(`${where(group)}: health check path is ${path}, not /actuator/health/liveness`);
      }
      return problems;
    },
  },
  {
    // Flytrap believes X-Forwarded-For (the sign-in throttle's and the audit log's client address) only from
    // FLYTRAP_TRUSTED_PROXIES: it must name the load balancer's own subnets, not the VPC or the world.
    name: 'the dashboard believes X-Forwarded-For from the load balancer\'s subnets only',
    run(tf) {
      const problems = [];
      const d = dashboardEnvironment(tf);
      if (d.error) return [d.error];
      const { env, module, task } = d;
      const trusted = env.FLYTRAP_TRUSTED_PROXIES;
      if (!trusted) return [`${where(task)}: no FLYTRAP_TRUSTED_PROXIES, so the load balancer's X-Forwarded-For is ignored`];
      const named = /data\.aws_subnet\.(\w+)\b/.exec(trusted);
      if (!named || !/\.cidr_block\b/.test(trusted)) {
        problems.push(`${where(task)}: FLYTRAP_TRUSTED_PROXIES is ${trusted}, not the cidr_block of the load balancer's subnets`);
        return problems;
      }
      const subnets = module.data.find((x) => x.type === 'aws_subnet' && x.name === named[1]);
      const balancers = module.resources.filter((r) => r.type === 'aws_lb');
      if (balancers.length === 0) problems.push(`${module.dir}: no aws_lb`);
      for (const lb of balancers) {
        const lbSubnets = expression(lb.body.subnets);
        if (!subnets || !String(expression(subnets.body.for_each) ?? '').includes(lbSubnets)) {
          problems.push(`${module.dir}: data.aws_subnet.${named[1]} is not one per subnet of ${lb.type}.${lb.name} (${lbSubnets})`);
        }
      }
      return problems;
    },
  },
  {
    name: 'terraform apply waits for the dashboard service to reach a steady state',
    run(tf) {
      const services = resourcesOf(tf, 'aws_ecs_service');
      if (services.length === 0) return ['no ECS service'];
      return services.filter((svc) => svc.body.wait_for_steady_state !== true)
        .map((svc) => `${where(svc)}: wait_for_steady_state is not true, so an image that cannot start passes the apply`);
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
    name: 'no security group rule opens SSH, and only the load balancer takes traffic from the internet, on 80 and 443',
    run(tf) {
      const problems = [];
      const rules = ingressRules(tf);
      if (rules.length === 0) problems.push('no ingress rules found');
      // The load balancer's group, as the aws_lb resource names it (through the module that creates the group).
      const alb = new Set(resourcesOf(tf, 'aws_lb').flatMap((lb) => [...securityGroupsNamed(tf, lb, lb.body.security_groups)]));
      if (alb.size === 0) problems.push('cannot tell which security group the load balancer uses');
      for (const { r, rule, cidrs } of rules) {
        const group = groupOf(r, r.type === 'aws_security_group');
        const world = cidrs.some(mayBeWorld);
        if (world && !alb.has(group)) problems.push(`${where(r)}: open to the internet, but ${group} is not the load balancer's group`);
        for (const [from, to] of portRanges(tf, r, rule)) {
          if (from <= 22 && 22 <= to) problems.push(`${where(r)}: ingress includes port 22`);
          if (world && !((from === 80 && to === 80) || (from === 443 && to === 443))) problems.push(`${where(r)}: ports ${from}-${to} open to the internet (only 80 and 443 may be)`);
        }
      }
      return [...new Set(problems)];
    },
  },
  {
    name: 'only the dashboard tasks send to the internet (443); the Lambdas reach only the endpoints, S3 and the database',
    run(tf) {
      const problems = [];
      const rules = egressRules(tf);
      const dashboard = new Set(resourcesOf(tf, 'aws_ecs_service').flatMap((svc) =>
        blocks(svc.body, 'network_configuration').flatMap((n) => [...securityGroupsNamed(tf, svc, n.security_groups)])));
      const lambdas = new Set(resourcesOf(tf, 'aws_lambda_function').flatMap((fn) =>
        blocks(fn.body, 'vpc_config').flatMap((v) => [...securityGroupsNamed(tf, fn, v.security_group_ids)])));
      const database = new Set(resourcesOf(tf, 'aws_db_instance').flatMap((db) => [...securityGroupsNamed(tf, db, db.body.vpc_security_group_ids)]));
      const endpoints = new Set(resourcesOf(tf, 'aws_vpc_endpoint').filter((e) => e.body.vpc_endpoint_type === 'Interface')
        .flatMap((e) => [...securityGroupsNamed(tf, e, e.body.security_group_ids)]));
      const s3Gateways = resourcesOf(tf, 'aws_vpc_endpoint').filter((e) => e.body.vpc_endpoint_type === 'Gateway' && /\.s3"?$/.test(String(e.body.service_name).replace(/\}$/, '')));
      for (const [label, set] of [['dashboard tasks', dashboard], ['Lambdas', lambdas], ['database', database], ['interface endpoints', endpoints]]) {
        if (set.size === 0) problems.push(`cannot tell the ${label}' security group`);
      }
      if (s3Gateways.length === 0) problems.push('no S3 gateway endpoint');
      const ports = (r, rule) => portRanges(tf, r, rule).map(([from, to]) => (from === to ? String(from) : `${from}-${to}`));
      const only = (r, rule, port) => ports(r, rule).every((p) => p === String(port));
      const reached = new Set();
      for (const e of rules) {
        const { r, rule, group } = e;
        if (e.cidrs.some(mayBeWorld)) {
          if (!dashboard.has(group)) problems.push(`${where(r)}: ${group} may send to the internet; only the dashboard tasks may (alert targets)`);
          else if (!only(r, rule, 443)) problems.push(`${where(r)}: the dashboard may reach the internet on ${ports(r, rule)}, not only 443`);
        }
        if (!lambdas.has(group)) continue;
        if (e.inline) {
          problems.push(`${where(r)}: inline egress on the Lambdas' group; write each destination as its own rule`);
          continue;
        }
        const target = [...e.groups].map((g) => /^aws_security_group\.(\w+)\.id$/.exec(expression(g) ?? '')).filter(Boolean).map((m) => `${r.module.dir}:${m[1]}`);
        const prefix = e.prefixLists.some((p) => s3Gateways.some((gw) => gw.module === r.module && expression(p) === `aws_vpc_endpoint.${gw.name}.prefix_list_id`));
        const dbPort = [...new Set(valuesOf(tf, r, rule.to_port).map((v) => v.value))];
        if (target.length === 1 && endpoints.has(target[0]) && only(r, rule, 443)) reached.add('endpoints');
        else if (prefix && e.cidrs.length === 0 && only(r, rule, 443)) reached.add('S3');
        else if (target.length === 1 && database.has(target[0]) && dbPort.length === 1 && only(r, rule, dbPort[0]) && Number(dbPort[0]) === 5432) reached.add('database');
        else problems.push(`${where(r)}: the Lambdas may send to ${[...e.cidrs, ...e.prefixLists, ...e.groups].join(', ')} on ${ports(r, rule)}; allowed are the endpoints (443), S3's prefix list (443) and the database (5432)`);
      }
      for (const needed of ['endpoints', 'S3', 'database']) if (!reached.has(needed)) problems.push(`the Lambdas' group has no egress to the ${needed}`);
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
    name: 'no IAM statement allows an action with a wildcard ("*", "s3:Get*"), and none is written as inline JSON',
    run(tf) {
      const problems = [];
      const documents = dataOf(tf, 'aws_iam_policy_document');
      if (documents.length === 0) problems.push('no aws_iam_policy_document');
      for (const doc of documents) {
        for (const statement of blocks(doc.body, 'statement')) {
          if ((statement.effect ?? 'Allow') !== 'Allow') continue;
          if (statement.not_actions) problems.push(`${where(doc)}: not_actions in an Allow statement`);
          // No wildcard anywhere in an action ("*" and "?" both match in IAM): s3:Get* grants GetObject and
          // GetBucketPolicy alike. Every call Flytrap makes is listed by name, so no exception is needed.
          for (const action of list(statement.actions)) {
            if (/[*?]/.test(action) || /^\$\{/.test(action)) problems.push(`${where(doc)}: allows ${action}`);
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
          for (const resource of list(statement.resources)) {
            // A local is read as written, so "arn:aws:s3:::*" cannot hide behind local.x.
            const local = /^local\.(\w+)$/.exec(expression(resource) ?? '');
            const text = String(local ? doc.module.locals[local[1]] ?? resource : resource);
            // Every resource of a service: "*", "arn:aws:s3:::*", "arn:aws:sqs:<region>:<account>:*", "${var.x}:*".
            // The one ":*" that names a single resource's parts: a log group's streams (logs has no other form).
            const logStreams = /^\$\{aws_cloudwatch_log_group\.\w+\.arn\}:\*$/.test(text);
            if ((text === '*' || /:\*$/.test(text)) && !logStreams) {
              for (const action of list(statement.actions)) if (!unscopable.has(action)) problems.push(`${where(doc)}: ${action} on ${text}`);
            }
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
