// Usage: node build.mjs <output file>: @sentry/browser, unchanged, as one script that defines window.Sentry,
// the way a page without a bundler of its own loads it.
import * as esbuild from 'esbuild';

await esbuild.build({
  stdin: {
    contents: "export { init, captureException, flush, withScope } from '@sentry/browser';",
    resolveDir: import.meta.dirname,
  },
  bundle: true, minify: true, format: 'iife', globalName: 'Sentry', platform: 'browser', target: 'es2020',
  outfile: process.argv[2], logLevel: 'silent',
});
