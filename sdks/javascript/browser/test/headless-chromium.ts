// Headless Chromium for the tests that need a real browser (jsdom's fetch is Node's, which behaves differently on
// redirects and page unload). One browser per test file: started on a page, killed with its whole process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
