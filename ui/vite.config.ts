import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';

/**
 * The page asks for the app's chunk, its styles and `boot` (the little chunk the entry imports,
 * which only re-exports the app's) at once, beside the entry (which then asks for the catalog):
 * without this they would be requested only when the entry runs, one round trip later.
 */
function preloadAppChunk(): Plugin {
  return {
    name: 'preload-app-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const files = Object.values(ctx.bundle ?? {}).filter((f) => f.type === 'chunk' && (f.name === 'app' || f.name === 'boot'));
        return files.flatMap((chunk) => [
          { tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${chunk.fileName}` }, injectTo: 'head' as const },
          ...[...(chunk.type === 'chunk' ? (chunk.viteMetadata?.importedCss ?? []) : [])].map((css) => ({
            tag: 'link',
            attrs: { rel: 'stylesheet', crossorigin: true, href: `/${css}` },
            injectTo: 'head' as const,
          })),
        ]);
      },
    },
  };
}

// Tauri expects a fixed dev port and serves the built files from ../ui/dist.
export default defineConfig({
  plugins: [svelte(), preloadAppChunk()],
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      output: {
        // The first screen in one file: the Svelte runtime, the bindings, the shared components and
        // helpers would otherwise be split into a dozen small chunks, each one more request before
        // the first render. The catalogs (one per language) and the rarely used screens
        // (lazy-imported in App.svelte) stay their own chunks, loaded when needed.
        codeSplitting: {
          groups: [
            // What the entry itself needs (Vite's preload helper, the phase marks, the catalogs' loaders) stays small and
            // apart, so the entry runs, and asks for the catalog, before the big chunk has arrived.
            { name: 'entry', test: /preload-helper|\/src\/lib\/(phases\.ts|i18n\/loaders\.ts)/, priority: 2 },
            // Not the helpers only later screens use (the guide's steps, date fields, photo tools):
            // they go with those screens' chunks, so the first screen does not parse them.
            {
              name: 'app',
              test: /node_modules\/(svelte|clsx|esm-env)\/|node_modules\/@tauri-apps\/api\/(core|event|external\/)|\/src\/(lib|components)\/(?!i18n\/|(dates|times)\.ts|(CropFrame|DateInput|HolidayNote|MediaPicker|PlanSteps)\.svelte)|\/src\/(boot\.ts|App\.svelte|app\.css)/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
  },
});
