import { promises as fs } from 'node:fs';
import type { Frame } from '@flytrap/core';

/** Lines shown before and after the line of a frame. */
const CONTEXT_LINES = 5;
/** Source files kept in memory; the least recently used is forgotten first. */
const MAX_FILES = 25;
/** Bigger files (bundles, generated code) are not read. */
const MAX_FILE_BYTES = 1024 * 1024;
const MAX_LINE_CHARS = 200;

const cache = new Map<string, Promise<string[] | null>>();

/** Adds pre_context / context_line / post_context to frames whose file can be read; never throws. */
export async function addCodeContext(frames: Frame[]): Promise<void> {
  await Promise.all(frames.map(async (frame) => {
    const path = frame.abs_path || frame.filename;
    if (!path || !frame.lineno) return;
    const lines = await readLines(path);
    const index = frame.lineno - 1;
    if (!lines || index >= lines.length) return;
    frame.pre_context = lines.slice(Math.max(0, index - CONTEXT_LINES), index).map((line) => clip(line));
    frame.context_line = clip(lines[index], frame.colno);
    frame.post_context = lines.slice(index + 1, index + 1 + CONTEXT_LINES).map((line) => clip(line));
  }));
}

function readLines(path: string): Promise<string[] | null> {
  let lines = cache.get(path);
  if (lines) {
    cache.delete(path); // re-inserted below: Map order is the recency order
  } else {
    // Unreadable and oversized files are remembered as null so they are not tried again
    lines = fs.stat(path)
      .then((stat) => (stat.isFile() && stat.size <= MAX_FILE_BYTES ? fs.readFile(path, 'utf8') : null))
      .then((text) => (text === null ? null : text.split(/\r?\n/)))
      .catch(() => null);
    if (cache.size >= MAX_FILES) {
      cache.delete(cache.keys().next().value as string);
    }
  }
  cache.set(path, lines);
  return lines;
}

/** A long (minified) line cut to MAX_LINE_CHARS, keeping the part around the column when there is one. */
function clip(line: string, colno?: number): string {
  if (line.length <= MAX_LINE_CHARS) return line;
  const start = Math.max(0, Math.min(line.length - MAX_LINE_CHARS, (colno || 0) - MAX_LINE_CHARS / 2));
  return (start > 0 ? '…' : '') + line.slice(start, start + MAX_LINE_CHARS) + (start + MAX_LINE_CHARS < line.length ? '…' : '');
}
