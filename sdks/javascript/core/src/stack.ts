import type { Frame } from './types';

// V8 (Chrome, Edge, Node): "    at fn (file:1:2)", "    at file:1:2", "    at async fn (file:1:2)"
const V8 = /^\s*at (?:(.+?) \()?(.+?):(\d+):(\d+)\)?\s*$/;
// SpiderMonkey and JavaScriptCore (Firefox, Safari): "fn@file:1:2", "@file:1:2"
const GECKO = /^\s*(.*?)@(.+?):(\d+):(\d+)\s*$/;

/** The frames of a stack trace, caller first and the frame that threw last (the protocol's order). */
export function parseStack(stack: string | undefined): Frame[] {
  const frames: Frame[] = [];
  if (!stack) {
    return frames;
  }
  const lines = stack.split('\n');
  for (let i = 0; i < lines.length && frames.length < 200; i++) {
    const match = V8.exec(lines[i]) || GECKO.exec(lines[i]);
    if (match) {
      const name = (match[1] || '').replace(/^async /, '');
      frames.push({
        filename: match[2],
        function: name || '?',
        lineno: +match[3],
        colno: +match[4],
      });
    }
  }
  return frames.reverse();
}
