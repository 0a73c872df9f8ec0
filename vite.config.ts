/**
 * Builds the browser page (src/web) into one self-contained file, dist/web/index.html, that works
 * opened from disk. `npm run build` runs it after tsc. Vitest has its own config (vitest.config.ts).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { viteSingleFile } from 'vite-plugin-singlefile';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const { name, version } = JSON.parse(readFileSync(here('./package.json'), 'utf8')) as {
  name: string;
  version: string;
};

// csv-parse and csv-stringify resolve to their Node builds, which use Buffer; the browser builds
// are the same code with a bundled Buffer (STACK.md "Browser"). The core keeps its plain imports.
const browserBuilds = [
  { find: /^csv-parse\/sync$/, replacement: 'csv-parse/browser/esm/sync' },
  { find: /^csv-stringify\/sync$/, replacement: 'csv-stringify/browser/esm/sync' },
];

export default defineConfig({
  root: here('./src/web'),
  publicDir: false,
  logLevel: 'warn',
  // The same tool name and version as the CLI's, so report.json and report.html are byte-identical.
  define: { __TOOL__: JSON.stringify({ name, version }) },
  resolve: { alias: browserBuilds },
  worker: { format: 'iife' },
  build: {
    outDir: here('./dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    // The page loads nothing, so the preload polyfill (which fetches) has nothing to do.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      onwarn(warning, warn) {
        // The plugin reads every <meta> in the page, including the one inside report.html's template
        // string in the worker, and takes that policy (no scripts) for the page's: a false alarm.
        // The browser tests load the page under its real policy.
        if (warning.plugin === 'vite:singlefile' && /Content-Security-Policy/.test(warning.message)) return;
        warn(warning);
      },
    },
  },
  plugins: [viteSingleFile()],
});
