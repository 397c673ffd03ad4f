// What `terraform fmt` writes for a file. Most of it is HashiCorp's hclwrite formatter, which @cdktf/hcl-tools runs
// as wasm (indentation, spacing, aligned `=` signs). terraform fmt adds two rewrites of its own before formatting,
// which hcl-tools does not do, so they are done here:
//   - an argument of a block whose value is nothing but one interpolation, `x = "${var.x}"`, becomes `x = var.x`
//     (wrapped in parentheses when it spans lines); object literals and templates with text are left alone;
//   - a quoted or legacy type constraint in a variable block, `type = "string"`, becomes `type = string`
//     ("list" and "map" meant lists and maps of strings; bare list and map become list(any) and map(any)).
import { format } from '@cdktf/hcl-tools';

// The files `terraform fmt` rewrites (it leaves the lock file and the *.example files alone).
export const FORMATTED = /\.(tf|tfvars)$/;

const BLOCK_HEADER = /^\s*([A-Za-z_][\w-]*)(?:\s+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*\s*\{\s*$/;
const ATTRIBUTE = /^(\s*)([A-Za-z_][\w-]*)(\s*=\s*)/;
const QUOTED_TYPES = { string: 'string', number: 'number', bool: 'bool', list: 'list(string)', map: 'map(string)' };
const BARE_TYPES = { list: 'list(any)', map: 'map(any)' };

/**
 * The end (index after the closing quote) of the string starting at `start` when the string is exactly one
 * interpolation ("${ ... }"), else -1. Nested strings and braces inside the interpolation are followed.
 */
function singleInterpolationEnd(text, start) {
  if (!text.startsWith('"${', start)) return -1;
  const stack = ['code'];
  for (let i = start + 3; i < text.length; i += 1) {
    const c = text[i];
    if (stack.at(-1) === 'string') {
      if (c === '\\') i += 1;
      else if (c === '"') stack.pop();
      else if (c === '$' && text[i + 1] === '{') {
        stack.push('code');
        i += 1;
      }
    } else if (c === '"') stack.push('string');
    else if (c === '{') stack.push('code');
    else if (c === '}') {
      stack.pop();
      if (stack.length === 0) return text[i + 1] === '"' ? i + 2 : -1;
    }
  }
  return -1;
}

/** Braces a line opens minus those it closes, outside string literals (and their interpolations). */
function braceBalance(line) {
  let balance = 0;
  let inString = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '#' || (c === '/' && line[i + 1] === '/')) break;
    else if (c === '{') balance += 1;
    else if (c === '}') balance -= 1;
  }
  return balance;
}

/** The edits terraform fmt makes before formatting: [{ start, end, replacement }] in text order. */
export function terraformRewrites(text) {
  const edits = [];
  const blocks = []; // per open brace: the block's type, or null for a brace of an expression (an object literal)
  let offset = 0;
  let heredoc = null;
  for (const line of text.split('\n')) {
    const lineStart = offset;
    offset += line.length + 1;
    if (heredoc) {
      if (line.trim() === heredoc) heredoc = null;
      continue;
    }
    const marker = /<<-?([A-Za-z_]\w*)\s*$/.exec(line);
    if (marker) heredoc = marker[1];
    if (/^\s*(#|\/\/)/.test(line)) continue;
    const header = BLOCK_HEADER.exec(line);
    if (header) {
      blocks.push(header[1]);
      continue;
    }
    const attribute = ATTRIBUTE.exec(line);
    const inBody = blocks.length === 0 || blocks.at(-1) !== null;
    if (attribute && inBody) {
      const valueStart = lineStart + attribute[0].length;
      const end = singleInterpolationEnd(text, valueStart);
      if (end > 0) {
        const inner = text.slice(valueStart + 3, end - 2).replace(/^\s*\n/, '').replace(/\n\s*$/, '').trim();
        const wrap = inner.includes('\n') && !(inner.startsWith('(') && inner.endsWith(')'));
        edits.push({ start: valueStart, end, replacement: wrap ? `(${inner})` : inner });
      } else if (attribute[2] === 'type' && blocks.at(-1) === 'variable') {
        const value = line.slice(attribute[0].length).trim();
        const quoted = /^"(\w+)"$/.exec(value);
        const replacement = quoted ? QUOTED_TYPES[quoted[1]] : BARE_TYPES[value];
        if (replacement) edits.push({ start: valueStart, end: lineStart + line.length, replacement });
      }
    }
    // What the rest of the line opens or closes: braces of expressions (null) or the end of blocks.
    const balance = braceBalance(line);
    for (let i = 0; i < balance; i += 1) blocks.push(null);
    for (let i = 0; i > balance; i -= 1) blocks.pop();
  }
  return edits;
}

/** The text with terraform fmt's own rewrites applied (not yet formatted). */
export function rewritten(text) {
  let result = text;
  for (const edit of terraformRewrites(text).reverse()) result = result.slice(0, edit.start) + edit.replacement + result.slice(edit.end);
  return result;
}

const formattedByText = new Map();

/** The text as `terraform fmt` would write it (or the formatter's error), cached per distinct text. */
export function formatText(text) {
  if (!formattedByText.has(text)) {
    formattedByText.set(text, format(rewritten(text)).then((formatted) => ({ formatted }), (error) => ({ error: String(error.message ?? error) })));
  }
  return formattedByText.get(text);
}
