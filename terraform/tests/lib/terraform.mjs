// Reads every .tf file under terraform/ with @cdktf/hcl2json (HashiCorp's HCL parser compiled to wasm) and groups
// the parsed blocks by directory, one "module" per directory, the way Terraform itself does.
import { parse } from '@cdktf/hcl2json';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMATTED, formatText } from './format.mjs';

export const TERRAFORM_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// Documents outside terraform/ whose advice the checks read too (paths relative to terraform/, so edits work alike).
const OUTSIDE_DOCS = ['../docs/deploy-aws.md'];

const SKIPPED_DIRS = new Set(['node_modules', '.terraform', 'tests']);
const parsedByText = new Map();

function walk(dir, found = []) {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (!SKIPPED_DIRS.has(entry)) walk(path, found);
    } else {
      found.push(path);
    }
  }
  return found;
}

/** Every file under terraform/ (absolute paths), skipping dependencies and the tests themselves. */
export function terraformFiles() {
  return walk(TERRAFORM_ROOT);
}

/** Parses once per distinct text, so a mutated copy of one file costs one parse. */
function parseText(name, text) {
  if (!parsedByText.has(text)) {
    parsedByText.set(text, parse(name, text).then((json) => ({ json }), (error) => ({ error: String(error.message ?? error) })));
  }
  return parsedByText.get(text);
}

/**
 * Loads the configuration. `edits` maps a path relative to terraform/ to a function of the file's text (returning
 * the text to check instead) or to null (the file is treated as absent); the mutation tests use it to break one
 * invariant at a time without touching the files on disk.
 */
export async function loadTerraform(edits = {}) {
  const files = [];
  for (const path of walk(TERRAFORM_ROOT)) {
    const rel = relative(TERRAFORM_ROOT, path).split(sep).join('/');
    const edit = edits[rel];
    if (edit === null) continue;
    const text = readFileSync(path, 'utf8');
    files.push({ rel, text: edit ? edit(text) : text });
  }
  const texts = new Map(files.map((file) => [file.rel, file.text]));
  for (const rel of OUTSIDE_DOCS) {
    const path = resolve(TERRAFORM_ROOT, rel);
    if (edits[rel] === null) continue;
    let text;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      continue;
    }
    texts.set(rel, edits[rel] ? edits[rel](text) : text);
  }
  for (const [rel, edit] of Object.entries(edits)) {
    if (edit && !texts.has(rel)) throw new Error(`edit of missing file ${rel}`);
  }

  const modules = new Map();
  const parsed = [];
  const formatting = [];
  for (const file of files) {
    const dir = file.rel.includes('/') ? file.rel.slice(0, file.rel.lastIndexOf('/')) : '.';
    if (!modules.has(dir)) modules.set(dir, emptyModule(dir));
    const module = modules.get(dir);
    module.files.push(file.rel.slice(dir === '.' ? 0 : dir.length + 1));
    if (FORMATTED.test(file.rel)) formatting.push({ rel: file.rel, text: file.text, ...(await formatText(file.text)) });
    // The dependency lock file `terraform init` writes is HCL too: keep it parsed with its module.
    if (file.rel.endsWith('/.terraform.lock.hcl')) module.lock = { file: file.rel, ...(await parseText(file.rel, file.text)) };
    if (!file.rel.endsWith('.tf')) continue;
    const result = await parseText(file.rel, file.text);
    parsed.push({ rel: file.rel, error: result.error });
    if (result.json) addBlocks(module, file.rel, result.json);
  }
  // texts: every file's text (after edits) by path relative to terraform/, for checks of examples and docs.
  // formatting: each .tf file's text with the text terraform fmt would write instead (or the formatter's error).
  return { modules, parsed, texts, formatting };
}

function emptyModule(dir) {
  return { dir, files: [], resources: [], data: [], providers: [], variables: {}, outputs: {}, locals: {}, calls: [], terraform: [], checks: [] };
}

function addBlocks(module, file, json) {
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, bodies] of Object.entries(byName)) module.resources.push({ type, name, body: bodies[0], file });
  }
  for (const [type, byName] of Object.entries(json.data ?? {})) {
    for (const [name, bodies] of Object.entries(byName)) module.data.push({ type, name, body: bodies[0], file });
  }
  for (const [name, bodies] of Object.entries(json.provider ?? {})) for (const body of bodies) module.providers.push({ name, body, file });
  for (const [name, bodies] of Object.entries(json.variable ?? {})) module.variables[name] = { ...bodies[0], file };
  for (const [name, bodies] of Object.entries(json.output ?? {})) module.outputs[name] = { ...bodies[0], file };
  for (const locals of json.locals ?? []) Object.assign(module.locals, locals);
  for (const [name, bodies] of Object.entries(json.module ?? {})) module.calls.push({ name, body: bodies[0], file });
  for (const body of json.terraform ?? []) module.terraform.push(body);
  for (const [name, bodies] of Object.entries(json.check ?? {})) module.checks.push({ name, body: bodies[0] });
}

/** Nested blocks of a parsed body (always a list), including the content of `dynamic "<name>"` blocks. */
export function blocks(body, name) {
  const direct = body?.[name] ?? [];
  const dynamic = (body?.dynamic?.[name] ?? []).flatMap((block) => block.content ?? []);
  return [...(Array.isArray(direct) ? direct : [direct]), ...dynamic];
}

export function resourcesOf(tf, type) {
  return [...tf.modules.values()].flatMap((module) => module.resources.filter((r) => r.type === type).map((r) => ({ ...r, module })));
}

export function dataOf(tf, type) {
  return [...tf.modules.values()].flatMap((module) => module.data.filter((d) => d.type === type).map((d) => ({ ...d, module })));
}

/** The expression inside "${...}", or null for a literal. */
export function expression(value) {
  if (typeof value !== 'string') return null;
  const match = /^\$\{([\s\S]*)\}$/.exec(value);
  return match ? match[1].trim() : null;
}
