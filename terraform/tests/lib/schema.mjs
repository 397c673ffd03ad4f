// The providers' own schemas, read from the packages that HashiCorp's cdktf generator builds from them
// (@cdktf/provider-aws, @cdktf/provider-random): no terraform binary and no network can give us `terraform
// providers schema -json` here, but each generated resource carries the same facts in two files of its folder:
//   index.d.ts  one interface per schema object: `<Class>Config` for the resource itself, one per nested block, each
//               property documented with a link ending in `#<terraform_name>`, optional ones marked `?`, a nested
//               block typed by its own interface, as `T` when the schema allows at most one and `T[]` otherwise;
//   index.js    the class that reads the resource's attributes (`getStringAttribute('arn')`, nested objects as
//               `new XOutputReference(this, "name")`), and one converter per object saying which fields are blocks.
// Only the files of the types the configuration uses are read, so a run stays fast although the package is large.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// Provider local name (the prefix of every type it defines) -> the package generated from its schema.
export const PROVIDER_PACKAGES = { aws: '@cdktf/provider-aws', random: '@cdktf/provider-random' };

function packageDir(provider) {
  return dirname(require.resolve(`${PROVIDER_PACKAGES[provider]}/package.json`));
}

/** The provider's registry address and version the package was generated from (its package.json says). */
export function providerRelease(provider) {
  const meta = JSON.parse(readFileSync(join(packageDir(provider), 'package.json'), 'utf8'));
  return { source: meta.cdktf.provider.name, version: meta.cdktf.provider.version, package: `${meta.name}@${meta.version}` };
}

/** The text between an opening line and the first line that closes it at column 0 (the generator's layout). */
function section(text, opening) {
  const start = text.indexOf(opening);
  if (start < 0) return null;
  const end = text.indexOf('\n}', start);
  return text.slice(start, end < 0 ? undefined : end);
}

const lowerFirst = (name) => name[0].toLowerCase() + name.slice(1);

/** The kind of value a primitive, list or map argument takes, from its TypeScript type (null: anything). */
function valueKind(type) {
  const bare = type.replace(/\s+/g, ' ').replace(/ \| cdktf\.IResolvable$/, '').trim();
  if (bare === 'string') return 'string';
  if (bare === 'number') return 'number';
  if (bare === 'boolean') return 'bool';
  if (bare.endsWith('[]')) return 'list';
  if (bare.startsWith('{ [key: string]:')) return 'map';
  return null;
}

/** Properties of one d.ts interface: terraform name, whether required, and the nested interface if any. */
function interfaceFields(dts, name) {
  const body = section(dts, `export interface ${name} `);
  if (body === null) throw new Error(`no interface ${name}`);
  const fields = new Map();
  for (const [, doc, optional, type] of body.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*readonly \w+(\?)?: ([^;]+);/g)) {
    const link = /#(\w+) \w+#\w+\}/.exec(doc);
    if (!link) throw new Error(`${name}: a property without its terraform name`);
    const element = /^(\w+)(\[\])?(?: \| cdktf\.IResolvable)?$/.exec(type.trim());
    const nested = element && dts.includes(`export interface ${element[1]} `) ? element[1] : null;
    fields.set(link[1], { required: !optional, nested, maxOne: nested !== null && !element[2], list: type.includes('[]'), value: nested ? null : valueKind(type) });
  }
  return fields;
}

/** Field names that the generated converter writes as blocks (`isBlock: true`), the rest being arguments. */
function blockNames(code) {
  return new Set([...code.matchAll(/(\w+): \{\s*value: [^\n]*\n\s*isBlock: true,/g)].map((m) => m[1]));
}

/** Attributes a generated class reads, each with the name of its nested object type when it has one. */
function readableFields(code) {
  const fields = new Map();
  for (const [, name] of code.matchAll(/(?:get\w*Attribute|interpolationForAttribute)\('(\w+)'\)/g)) fields.set(name, null);
  // `new FooList(this, "foo")`: the object type is the class name less one suffix (a type may itself end in List).
  for (const [, cls, name] of code.matchAll(/new (\w+)\(this, "(\w+)"/g)) fields.set(name, cls.replace(/(OutputReference|List|Map)$/, ''));
  return fields;
}

/** The generated files of one type: found by its folder's name, confirmed by the type name written inside. */
function loadType(provider, kind, type) {
  const lib = join(packageDir(provider), 'lib');
  const base = { data: `data-${type}`, resource: type.slice(provider.length + 1), provider: 'provider' }[kind].replace(/_/g, '-');
  // The generator names a type's folder after it, adding "-resource" where the name clashes with a keyword.
  const candidates = [base, `${base}-resource`, ...readdirSync(lib).filter((dir) => dir.startsWith(`${base}-`))];
  const declaration = { data: 'TerraformDataSource', resource: 'TerraformResource', provider: 'TerraformProvider' }[kind];
  for (const dir of candidates) {
    const js = join(lib, dir, 'index.js');
    if (!existsSync(js)) continue;
    const code = readFileSync(js, 'utf8');
    const cls = new RegExp(`\\nclass (\\w+) extends cdktf\\.${declaration} \\{`).exec(code);
    if (!cls || !code.includes(`terraformResourceType: '${type}'`)) continue;
    return { kind, code, dts: readFileSync(join(lib, dir, 'index.d.ts'), 'utf8'), className: cls[1] };
  }
  return null;
}

/** One schema object: its arguments and blocks (with required/nesting) and the attributes it exposes. */
function objectSchema(files, name, isTop, cache) {
  if (cache.has(name)) return cache.get(name);
  const object = { name, args: new Map(), attributes: new Map() };
  cache.set(name, object);
  // A provider's nested blocks are written, never read: they alone have no class reading attributes.
  const classCode = section(files.code, `\nclass ${isTop ? name : `${name}OutputReference`} `) ?? (isTop || files.kind !== 'provider' ? null : '');
  if (classCode === null) throw new Error(`the generated code of ${name} is not where expected`);
  // An object that is only computed (read, never written) has no interface and no converter: no arguments.
  const settable = files.dts.includes(`export interface ${isTop ? `${name}Config` : name} `);
  const converter = isTop ? section(classCode, '    synthesizeHclAttributes() {') : section(files.code, `\nfunction ${lowerFirst(name)}ToHclTerraform(`);
  if (settable && converter === null) throw new Error(`the converter of ${name} is not where expected`);
  const blocks = settable ? blockNames(converter) : new Set();
  for (const [tfName, field] of settable ? interfaceFields(files.dts, isTop ? `${name}Config` : name) : []) {
    object.args.set(tfName, { ...field, block: blocks.has(tfName), nested: field.nested && objectSchema(files, field.nested, false, cache) });
  }
  for (const [tfName, nested] of readableFields(classCode)) {
    object.attributes.set(tfName, nested && (() => objectSchema(files, nested, false, cache)));
  }
  return object;
}

const loaded = new Map();

/**
 * The schema of a resource (kind "resource") or data source (kind "data") type, or of a provider's own configuration
 * (kind "provider", type "aws"), or null when its provider has no such type (or we have no package for the
 * provider). `args` maps a settable name to { required, block, maxOne, list, value, nested }; `attributes` maps a
 * readable name to null or to a function giving the nested object's schema (resolved lazily: many computed objects
 * are never read).
 */
export function schemaOf(kind, type) {
  const key = `${kind} ${type}`;
  if (!loaded.has(key)) {
    const provider = Object.keys(PROVIDER_PACKAGES).find((p) => (kind === 'provider' ? type === p : type.startsWith(`${p}_`)));
    const files = provider && loadType(provider, kind, type);
    loaded.set(key, files ? { provider, ...objectSchema(files, files.className, true, new Map()) } : null);
  }
  return loaded.get(key);
}
