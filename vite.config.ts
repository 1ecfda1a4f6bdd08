/**
 * Build settings shared by everything that bundles browser code: the learner players (one per format, built by
 * `src/package/player.ts` through Vite's `build()`), and the package's service worker.
 *
 * `npx vite build` with this file builds the `web` player into `dist/player/web/` (the packager does the same for
 * every format, and adds the page); the packager itself never reads this file through Vite's config loader.
 */
import {fileURLToPath} from 'node:url';
import {defineConfig, type InlineConfig, type Plugin} from 'vite';

export const PROJECT_ROOT = fileURLToPath(new URL('.', import.meta.url));

/** Browsers the learner bundle supports: ES2020 modules (Chrome/Edge 80+, Firefox 78+, Safari 14+). */
export const BROWSER_TARGET = 'es2020';

const shared = (root: string): InlineConfig => ({
  configFile: false,
  root,
  // every URL in a package is relative: packages are served from wherever the LMS unpacks them
  base: './',
  mode: 'production',
  // the packager reports build errors itself (with the bundler's message); Vite's own log would repeat them
  logLevel: 'silent',
  publicDir: false,
  clearScreen: false,
});

/**
 * Vite wraps every dynamic import in a helper that preloads the imported chunk's CSS and dependencies
 * (`__vitePreload`), even with `build.modulePreload: false` (vitejs/vite#18551). The players have no CSS files and
 * nothing to preload, so the helper is replaced by a plain call: about 1.8 KB (0.6 KB gzip) less for every learner.
 */
export function noPreloadHelper(): Plugin {
  return {
    name: 'ict:no-preload-helper',
    enforce: 'pre',
    load(id) {
      if (id === '\0vite/preload-helper.js') return 'export const __vitePreload = (load) => load();';
      return undefined;
    },
  };
}

/**
 * A learner player: `entry` (an absolute path to `src/entries/<format>.ts`) and the chunks it loads lazily.
 * Minified, no source maps, content-hashed names (deterministic: same sources, same bytes).
 */
export function playerBuildConfig(entry: string, root: string = PROJECT_ROOT): InlineConfig {
  return {
    ...shared(root),
    plugins: [noPreloadHelper()],
    build: {
      write: false,
      target: BROWSER_TARGET,
      minify: true,
      sourcemap: false,
      // no preload polyfill or injected <link> tags: the page is ours and lazy chunks are few
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      emptyOutDir: false,
      rolldownOptions: {
        input: {player: entry},
        output: {
          format: 'es',
          entryFileNames: 'player-[hash].js',
          chunkFileNames: '[name]-[hash].js',
          assetFileNames: '[name]-[hash][extname]',
        },
      },
    },
  };
}

/**
 * The service worker (`src/offline/sw.ts`): one classic script (service workers are registered without
 * `type: 'module'`), with the `self.__WB_MANIFEST` injection point kept for Workbox's injectManifest.
 */
export function serviceWorkerBuildConfig(entry: string, root: string = PROJECT_ROOT): InlineConfig {
  return {
    ...shared(root),
    build: {
      write: false,
      target: BROWSER_TARGET,
      minify: true,
      sourcemap: false,
      modulePreload: false,
      copyPublicDir: false,
      reportCompressedSize: false,
      emptyOutDir: false,
      rolldownOptions: {
        input: {sw: entry},
        output: {format: 'iife', entryFileNames: 'sw.js', codeSplitting: false},
      },
    },
  };
}

export default defineConfig(() => {
  const config = playerBuildConfig(fileURLToPath(new URL('src/entries/web.ts', import.meta.url)));
  return {...config, build: {...config.build, write: true, outDir: 'dist/player/web', emptyOutDir: true}};
});
