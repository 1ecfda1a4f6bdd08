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

/**
 * Browsers the learner bundle supports: the first releases with everything the player uses at run time
 * (`Object.hasOwn`, `Array.prototype.at`): Chrome/Edge 93+, Firefox 92+, Safari 15.4+. Syntax
 * these browsers read is left as written (`??=`, optional chaining); class fields are still rewritten for Safari 15.
 */
export const BROWSER_TARGET = ['chrome93', 'edge93', 'firefox92', 'safari15.4'];

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
 * Whitespace in Lit's `css` and `html` templates (indentation, line breaks) is collapsed at build time: a run of
 * spaces, tabs and line breaks (never a no-break space) becomes one space, which renders the same (no template
 * here uses `white-space: pre`); in `css` templates, comments go and so do spaces next to `{`, `}`, `;`, `,` and
 * after `:`. Only the templates' literal parts change, never the expressions in them. About 0.5 KB gzip less.
 */
export function compactTemplates(): Plugin {
  return {
    name: 'ict:compact-templates',
    transform: {
      filter: {id: /\/src\/.*\.ts$/},
      handler(code) {
        if (!code.includes('css`') && !code.includes('html`')) return undefined;
        const ast = this.parse(code) as unknown as Node;
        const edits: [start: number, end: number, text: string][] = [];
        walk(ast, (node) => {
          if (node.type !== 'TaggedTemplateExpression') return;
          const tag = node.tag as Node;
          const kind = tag.type === 'Identifier' ? (tag.name as string) : '';
          if (kind !== 'css' && kind !== 'html') return;
          for (const q of (node.quasi as Node).quasis as Node[]) {
            const raw = code.slice(q.start as number, q.end as number);
            const out = kind === 'css' ? compactCss(raw) : raw.replace(/[ \t\n\r]+/g, ' ');
            if (out !== raw) edits.push([q.start as number, q.end as number, out]);
          }
        });
        if (edits.length === 0) return undefined;
        let out = '';
        let at = 0;
        for (const [start, end, text] of edits.sort((a, b) => a[0] - b[0])) {
          out += code.slice(at, start) + text;
          at = end;
        }
        return {code: out + code.slice(at), map: null};
      },
    },
  };
}

type Node = {type: string; [key: string]: unknown};

function walk(node: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(node)) {
    for (const n of node) walk(n, visit);
  } else if (node && typeof node === 'object') {
    if (typeof (node as Node).type === 'string') visit(node as Node);
    for (const value of Object.values(node)) if (value && typeof value === 'object') walk(value, visit);
  }
}

function compactCss(raw: string): string {
  return raw
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/[ \t\n\r]+/g, ' ')
    .replace(/ ?([{};,]) ?/g, '$1')
    .replace(/: /g, ':');
}

/**
 * A learner player: `entry` (an absolute path to `src/entries/<format>.ts`) and the chunks it loads lazily.
 * Minified, no source maps, content-hashed names (deterministic: same sources, same bytes).
 */
export function playerBuildConfig(entry: string, root: string = PROJECT_ROOT): InlineConfig {
  return {
    ...shared(root),
    plugins: [noPreloadHelper(), compactTemplates()],
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

/** The player for a page opened from a file (`file://`), beside the module player of every package. */
export const FILE_PLAYER = 'player-file.js';

/**
 * The same player as one classic script with every chunk inlined, for a package page opened from a file
 * (`file://`: double-clicked from a USB stick or a shared drive, or launched by a desktop SCORM player or ADL's test
 * wrapper), where browsers refuse module scripts and `fetch()`. Loaded only there (see `FILE_LOADER` in
 * `src/package/assemble.ts`); a launch over HTTP never downloads it.
 */
export function filePlayerBuildConfig(entry: string, root: string = PROJECT_ROOT): InlineConfig {
  const config = playerBuildConfig(entry, root);
  config.build!.rolldownOptions = {
    input: {player: entry},
    output: {format: 'iife', entryFileNames: FILE_PLAYER},
  };
  return config;
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
