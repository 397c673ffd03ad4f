import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Frame } from '@flytrap/core';
import { addCodeContext } from '../src/context';
import { isAppFile, localPath } from '../src/platform';

const dir = mkdtempSync(join(tmpdir(), 'flytrap-context-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const lines = Array.from({ length: 20 }, (_, i) => 'line ' + (i + 1));

describe('code context', () => {
  it('gives five lines before and after, fewer at the edges of the file, for \\n and \\r\\n files', async () => {
    const unix = file('unix.js', lines.join('\n'));
    const windows = file('windows.js', lines.join('\r\n'));
    const frames: Frame[] = [
      { filename: unix, lineno: 10 },
      { filename: windows, lineno: 2 },
      { filename: unix, lineno: 20 },
    ];
    await addCodeContext(frames);
    expect(frames[0]).toMatchObject({
      pre_context: ['line 5', 'line 6', 'line 7', 'line 8', 'line 9'],
      context_line: 'line 10',
      post_context: ['line 11', 'line 12', 'line 13', 'line 14', 'line 15'],
    });
    expect(frames[1]).toMatchObject({ pre_context: ['line 1'], context_line: 'line 2' });
    expect(frames[1].post_context).toHaveLength(5);
    expect(frames[2]).toMatchObject({ context_line: 'line 20', post_context: [] });
  });

  it('cuts long lines around the column', async () => {
    const long = 'a'.repeat(1000) + 'THROW' + 'b'.repeat(1000);
    const path = file('minified.js', 'short\n' + long);
    const frames: Frame[] = [{ filename: path, lineno: 2, colno: 1001 }, { filename: path, lineno: 1 }];
    await addCodeContext(frames);
    expect(frames[0].context_line).toContain('THROW');
    expect(frames[0].context_line!.length).toBeLessThanOrEqual(202);
    expect(frames[1].post_context![0].length).toBeLessThanOrEqual(202);
  });

  it('reads ESM file:// frames through abs_path, and leaves frames it cannot read alone', async () => {
    const path = file('module.mjs', lines.join('\n'));
    const big = file('bundle.js', 'x\n'.repeat(600 * 1024)); // over 1 MB: not read
    const frames: Frame[] = [
      { filename: pathToFileURL(path).href, abs_path: path, lineno: 3 },
      { filename: big, lineno: 1 },
      { filename: join(dir, 'missing.js'), lineno: 1 },
      { filename: path, lineno: 99 },
      { filename: 'node:internal/timers', lineno: 1 },
      { filename: path },
    ];
    await addCodeContext(frames);
    expect(frames[0].context_line).toBe('line 3');
    for (const frame of frames.slice(1)) {
      expect(frame.context_line).toBeUndefined();
      expect(frame.pre_context).toBeUndefined();
    }
  });
});

describe('in_app', () => {
  it('is the app\'s own absolute paths outside node_modules', () => {
    expect(isAppFile('/srv/app/src/orders.js')).toBe(true);
    expect(isAppFile(localPath('file:///srv/app/src/orders.mjs'))).toBe(true);
    expect(isAppFile('/srv/app/node_modules/express/lib/router/layer.js')).toBe(false);
    expect(isAppFile(localPath('file:///srv/app/node_modules/router/index.js'))).toBe(false);
    expect(isAppFile('node:internal/process/task_queues')).toBe(false);
    expect(isAppFile('internal/timers.js')).toBe(false);
    expect(isAppFile('<anonymous>')).toBe(false);
    expect(isAppFile('')).toBe(false);
  });

  it('reads file:// URLs as paths', () => {
    expect(localPath('file:///srv/app/a%20b.mjs')).toBe('/srv/app/a b.mjs');
    expect(localPath('/srv/app/a.js')).toBe('/srv/app/a.js');
    expect(localPath(undefined)).toBe('');
  });
});
