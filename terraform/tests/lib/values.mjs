// Evaluates the few expression shapes the invariants depend on: literals, var.x (through the module call that
// set it, else the variable's default) and local.x. Anything else is refused loudly rather than guessed, so a
// check can never pass because a value it could not read was skipped.
import { expression } from './terraform.mjs';

/** A scope is one module as called from somewhere: the call's arguments (if any) and the caller's scope. */
export function scope(module, call = null, parent = null) {
  return { module, args: call?.body ?? null, parent };
}

export function evaluate(value, at) {
  const inner = expression(value);
  if (inner === null) return value;
  if (/^-?\d+(\.\d+)?$/.test(inner)) return Number(inner);
  if (inner === 'true' || inner === 'false') return inner === 'true';
  let match = /^var\.(\w+)$/.exec(inner);
  if (match) {
    const name = match[1];
    if (at.args && name in at.args) return evaluate(at.args[name], at.parent);
    const variable = at.module.variables[name];
    if (!variable) throw new Error(`${at.module.dir}: no variable ${name}`);
    if (!('default' in variable)) throw new Error(`${at.module.dir}: variable ${name} has no default and no value`);
    return variable.default;
  }
  match = /^local\.(\w+)$/.exec(inner);
  if (match) {
    if (!(match[1] in at.module.locals)) throw new Error(`${at.module.dir}: no local ${match[1]}`);
    return evaluate(at.module.locals[match[1]], at);
  }
  match = /^module\.(\w+)\.(\w+)$/.exec(inner);
  if (match) throw new Error(`${at.module.dir}: ${inner} is another module's output; evaluate that module instead`);
  throw new Error(`${at.module.dir}: cannot evaluate ${inner}`);
}

/** Every way a module is used: on its own (defaults) and from each root that calls it. */
export function scopesOf(tf, moduleDir) {
  const module = tf.modules.get(moduleDir);
  const scopes = [{ label: `${moduleDir} (defaults)`, at: scope(module) }];
  for (const caller of tf.modules.values()) {
    for (const call of caller.calls) {
      const source = call.body.source;
      if (typeof source === 'string' && normalize(caller.dir, source) === moduleDir) {
        scopes.push({ label: `${caller.dir} module.${call.name}`, at: scope(module, call, scope(caller)), caller, call });
      }
    }
  }
  return scopes;
}

export function normalize(fromDir, source) {
  const parts = fromDir === '.' ? [] : fromDir.split('/');
  for (const part of source.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}
