/** What the build (vite.config.ts) gives the page's code. */

/** The CLI's name and version from package.json, for report.json and report.html. */
declare const __TOOL__: { name: string; version: string };

/** Vite bundles the module into a Worker that starts from a blob: URL, inside the one page file. */
declare module '*?worker&inline' {
  const InlineWorker: new (options?: { name?: string }) => Worker;
  export default InlineWorker;
}
