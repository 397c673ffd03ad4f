// Headless Chromium for the tests that need a real browser (jsdom's fetch is Node's, which behaves differently on
// redirects and page unload). One browser per test file: started on a page, killed with its whole process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);

let browser: ChildProcess | undefined;
let profile: string | undefined;

/** Opens the URL in a fresh headless Chromium with its own throwaway profile. */
export function openInChromium(url: string): void {
  profile = mkdtempSync(join(tmpdir(), 'flytrap-chromium-'));
  browser = spawn(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run', '--user-data-dir=' + profile, url],
  { detached: true, stdio: 'ignore' });
}

/** Kills the browser this file started (Chromium and its helpers: the process group) and removes its profile. */
export function closeChromium(): void {
  if (browser && browser.pid) {
    try {
      process.kill(-browser.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (profile) rmSync(profile, { recursive: true, force: true });
}

const BUNDLE = fileURLToPath(new URL('../dist/flytrap.min.js', import.meta.url));
const BREADCRUMBS_BUNDLE = fileURLToPath(new URL('../dist/flytrap.breadcrumbs.min.js', import.meta.url));

/**
 * Answers what the browser itself asks for (the test page, the script-tag bundles, the favicon) and returns true;
 * false for anything else, which is the test's to answer.
 */
export function servePage(path: string, res: ServerResponse, html: string): boolean {
  if (path === '/page.html') {
    res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  } else if (path === '/flytrap.min.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(BUNDLE));
  } else if (path === '/flytrap.breadcrumbs.min.js') {
    res.writeHead(200, { 'content-type': 'text/javascript' }).end(readFileSync(BREADCRUMBS_BUNDLE));
  } else if (path === '/favicon.ico') {
    res.writeHead(404).end(); // the browser's own request for the page, nothing the SDK sent
  } else {
    return false;
  }
  return true;
}
