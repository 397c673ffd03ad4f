import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const react18 = (name) => fileURLToPath(new URL('./fixtures/react18/node_modules/' + name, import.meta.url));

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'core', include: ['javascript/core/test/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'browser', include: ['javascript/browser/test/**/*.test.ts'], environment: 'jsdom' } },
      { test: { name: 'react19', include: ['javascript/react/test/**/*.test.ts'], environment: 'jsdom' } },
      {
        // The same ErrorBoundary tests against React 18 (a separate install under fixtures/react18)
        resolve: { alias: [
          { find: /^react$/, replacement: react18('react') },
          { find: /^react-dom\/client$/, replacement: react18('react-dom/client.js') },
          { find: /^react-dom$/, replacement: react18('react-dom') },
        ] },
        test: { name: 'react18', include: ['javascript/react/test/**/*.test.ts'], environment: 'jsdom' },
      },
      { test: { name: 'node', include: ['javascript/node/test/**/*.test.ts'], environment: 'node', testTimeout: 20000 } },
    ],
  },
});
