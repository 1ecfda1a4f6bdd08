/**
 * The learner player of one format: a Vite build of `src/entries/<format>.ts` (its tracker, the standalone fallback,
 * the components) plus the page that loads it. Built once per run and reused for every course.
 */
import {randomUUID} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdir, readFile, rename, rm, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {gzipSync} from 'node:zlib';
import {build} from 'vite';
import {
  FILE_PLAYER,
  PROJECT_ROOT,
  filePlayerBuildConfig,
  playerBuildConfig,
  serviceWorkerBuildConfig,
} from '../../vite.config.js';
import {PackageError} from './errors.js';
import {playerFormat, type Format} from './formats.js';
import {playerCacheDir, playerKey, readCachedPlayer, writeCachedPlayer} from './player-cache.js';

export interface Player {
  format: Format;
  /** the project root the player was built from (its `src/offline/sw.ts` is the package's service worker) */
  root: string;
  /** the entry module, relative to the package root, e.g. `player-Bx3k9a2Q.js` */
  entry: string;
  /** every JavaScript file of the player (the entry and its chunks), by path relative to the package root, sorted */
  files: ReadonlyMap<string, Uint8Array>;
  /** `index.html` loading the entry (course title and language are set per course by `assemblePackage`) */
  page: string;
  /** the entry and the chunks it imports statically: what a launch downloads before the first lesson */
  initialFiles: readonly string[];
  /** sizes in bytes: raw and gzip (level 9) of the initial files and of all files */
  size: {initial: number; initialGzip: number; total: number; totalGzip: number};
  /** the bundler's warnings (for example a dynamic import that cannot split a chunk), without colour codes */
  warnings: string[];
}

export interface BuildPlayerOptions {
  /** the project root holding `src/entries/` (default: this project) */
  root?: string;
  /** where the built player is written (`<outDir>/<format>/`); `false` keeps it in memory only. Default `<root>/dist/player`. */
  outDir?: string | false;
  /** build again even when this process already built this player (a watcher after a source change) */
  fresh?: boolean;
}

/** The page used until the project has its own template at `src/entries/index.html`. */
export const DEFAULT_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Course</title>
<script type="module" async src="./player.js"></script>
</head>
<body>
<ict-course src="course.json"></ict-course>
</body>
</html>
`;

/** The compiled course as a classic script, for a page opened from a file (where `fetch()` is refused). */
export const COURSE_SCRIPT = 'course.js';

/**
 * The classic script at the end of every package page (about 100 bytes gzip, counted with the player's initial
 * files; the browser's preload scanner fetches it at once, so it never waits for the player): on a page opened from
 * a file (`file://`), where browsers refuse the module player and `fetch('course.json')`, it writes the course as a
 * script and the player as one classic script into the page, which run in order; over HTTP it does nothing.
 */
export const FILE_LOADER = 'file.js';
const FILE_LOADER_SOURCE = `if(location.protocol=="file:")document.write('<script src="${COURSE_SCRIPT}"></script><script src="${FILE_PLAYER}"></script>')\n`;

const players = new Map<string, Promise<Player>>();

/**
 * Builds the player of `format` (the 2004 player for both SCORM 2004 editions; once per process for a given root and output folder; later calls return the
 * same build). Throws a {@link PackageError} `player-build-failed` with the bundler's message.
 */
export function buildPlayer(packageFormat: Format, options: BuildPlayerOptions = {}): Promise<Player> {
  const format = playerFormat(packageFormat);
  const root = options.root ?? PROJECT_ROOT;
  const outDir = options.outDir === undefined ? join(root, 'dist', 'player') : options.outDir;
  const key = `${root}\0${outDir}\0${format}`;
  let p = options.fresh ? undefined : players.get(key);
  if (!p) {
    // a fresh player gets a fresh service worker too (assemblePackage takes it from the same root)
    if (options.fresh) void buildServiceWorker(root, true).catch(() => undefined);
    p = buildPlayerNow(format, root, outDir);
    players.set(key, p);
    const mine = p;
    p.catch(() => players.get(key) === mine && players.delete(key));
  }
  return p;
}

async function buildPlayerNow(format: Format, root: string, outDir: string | false): Promise<Player> {
  const entryPath = join(root, 'src', 'entries', `${format}.ts`);
  if (!existsSync(entryPath)) {
    throw new PackageError(
      'player-build-failed',
      `The entry point of the ${format} player is missing.`,
      `Create ${entryPath}.`,
      entryPath,
    );
  }
  const cache = playerCacheDir();
  const key = cache ? await playerKey(root, PROJECT_ROOT) : '';
  const cached = cache ? await readCachedPlayer(cache, key, format, root) : null;
  if (cached) {
    if (outDir !== false) await writePlayer(cached, join(outDir, format));
    return cached;
  }
  const player = await bundlePlayer(format, root, entryPath);
  if (cache) await writeCachedPlayer(cache, key, player).catch(() => undefined); // a cache that cannot be written is no cache
  if (outDir !== false) await writePlayer(player, join(outDir, format));
  return player;
}

/** Per player, the module imported on demand elsewhere that its first script holds (see bundlePlayer). */
const EXPECTED_STATIC: Partial<Record<Format, RegExp>> = {
  web: /src\/tracking\/standalone\/standalone-tracker\.ts is dynamically imported/,
  aicc: /src\/course\/codec\.ts is dynamically imported/,
};

async function bundlePlayer(format: Format, root: string, entryPath: string): Promise<Player> {
  let output: BundleOutput[];
  let fileOutput: BundleOutput[];
  const warnings: string[] = [];
  const [config, fileConfig] = [playerBuildConfig(entryPath, root), filePlayerBuildConfig(entryPath, root)];
  for (const c of [config, fileConfig]) {
    c.build!.rolldownOptions = {
      ...c.build!.rolldownOptions,
      onLog: (level, log) => {
        // The single script inlines every dynamic import, so the `import.meta` that locates chunks in the module
        // build has nothing to locate there: the bundler's note about it is expected, not news.
        if (c === fileConfig && log.code === 'EMPTY_IMPORT_META') return;
        // Two modules are loaded on demand in the other players but are part of the first script in one: the web
        // player's own tracker (the element imports it on demand when embedded without one) and the state codec of
        // the AICC player (its tracker reads and writes [Core_Lesson] with it). The note says so; it is expected.
        if (log.code === 'INEFFECTIVE_DYNAMIC_IMPORT' && EXPECTED_STATIC[format]?.test(log.message)) return;
        if (level === 'warn') warnings.push(errorText(new Error(log.message)).trim());
      },
    };
  }
  try {
    output = outputsOf(await build(config));
    fileOutput = outputsOf(await build(fileConfig));
  } catch (e) {
    throw new PackageError(
      'player-build-failed',
      `The ${format} player does not build.`,
      'Fix the error above in the browser code (src/), then run the command again.',
      entryPath,
      [errorText(e)],
    );
  }
  const files = new Map<string, Uint8Array>();
  let entry = '';
  const staticImports = new Map<string, string[]>();
  let started: string[] = [];
  for (const item of output.flatMap((o) => o.output)) {
    if (item.fileName.endsWith('.map')) continue;
    if (item.type === 'chunk') {
      files.set(item.fileName, new TextEncoder().encode(item.code));
      staticImports.set(item.fileName, item.imports ?? []);
      if (item.isEntry) {
        entry = item.fileName;
        started = item.dynamicImports ?? [];
      }
    } else {
      files.set(item.fileName, typeof item.source === 'string' ? new TextEncoder().encode(item.source) : item.source);
    }
  }
  if (!entry)
    throw new PackageError(
      'player-build-failed',
      `The ${format} player build produced no entry module.`,
      undefined,
      entryPath,
    );
  // the classic script for a page opened from a file: one chunk, every dynamic import inlined
  const fileChunks = fileOutput.flatMap((o) => o.output).filter((item) => item.type === 'chunk');
  if (fileChunks.length !== 1 || fileChunks[0]!.fileName !== FILE_PLAYER)
    throw new PackageError(
      'player-build-failed',
      `The ${format} player for pages opened from a file did not build as one script (${fileChunks.map((c) => c.fileName).join(', ')}).`,
      undefined,
      entryPath,
    );
  files.set(FILE_PLAYER, new TextEncoder().encode(fileChunks[0]!.code));
  files.set(FILE_LOADER, new TextEncoder().encode(FILE_LOADER_SOURCE));

  // What the entry starts at once (the player itself, src/entries/player/): the page preloads it beside the entry.
  const preload = preloadList(started, staticImports, entry);
  const {sorted, initialFiles, size} = measureBundle(files, entry, staticImports, [FILE_LOADER, ...preload]);
  const page = pageFor(await readTemplate(root), entry, preload);
  const player: Player = {
    format,
    root,
    entry,
    files: sorted,
    page,
    initialFiles,
    size,
    warnings,
  };
  return player;
}

/** `src/entries/index.html` when the project has it, else {@link DEFAULT_PAGE}. */
async function readTemplate(root: string): Promise<string> {
  const path = join(root, 'src', 'entries', 'index.html');
  return existsSync(path) ? readFile(path, 'utf8') : DEFAULT_PAGE;
}

/**
 * The page with its module script pointing at the built entry: the first `<script type="module" src="./….js">` of the
 * template gets the entry's name (a template may name it `./player.js` or `./<format>.js`); a template without one
 * gets the script added at the end of `<head>`. The chunks of `preload` are preloaded (`modulepreload`) after it.
 */
export function pageFor(template: string, entry: string, preload: readonly string[] = []): string {
  // after the entry: a browser opens six connections to a host, and the entry must not wait for one
  const links = preload.map((f) => `\n    <link rel="modulepreload" href="./${f}" />`).join('');
  const moduleScript = /<script\b(?=[^>]*\btype=["']module["'])([^>]*?)\bsrc=["'][^"']*["']([^>]*)><\/script>/i;
  if (moduleScript.test(template))
    return template.replace(moduleScript, `<script$1src="./${entry}"$2></script>${links}`);
  const tag = `<script type="module" async src="./${entry}"></script>${links}\n`;
  return /<\/head>/i.test(template) ? template.replace(/<\/head>/i, `${tag}</head>`) : tag + template;
}

/**
 * The chunks to preload beside the entry: those it imports dynamically at once (`started`) and what they import
 * statically, the entry and what it imports left out (the browser fetches those anyway), in load order.
 */
export function preloadList(
  started: readonly string[],
  staticImports: ReadonlyMap<string, readonly string[]>,
  entry: string,
): string[] {
  const skip = new Set<string>();
  const mark = (f: string): void => {
    if (skip.has(f)) return;
    skip.add(f);
    for (const dep of staticImports.get(f) ?? []) mark(dep);
  };
  mark(entry);
  const out: string[] = [];
  const visit = (f: string): void => {
    if (skip.has(f)) return;
    skip.add(f);
    out.push(f);
    for (const dep of staticImports.get(f) ?? []) visit(dep);
  };
  for (const f of started) visit(f);
  return out;
}

async function writePlayer(player: Player, dir: string): Promise<void> {
  const unique = `${process.pid}-${randomUUID()}`;
  const tmp = `${dir}.tmp-${unique}`;
  try {
    for (const [name, data] of player.files) {
      await mkdir(dirname(join(tmp, name)), {recursive: true});
      await writeFile(join(tmp, name), data);
    }
    await writeFile(join(tmp, 'index.html'), player.page);
    // Every step is one rename, so `dir` never holds a half-deleted or half-written player, even with another
    // process writing the same player at once (two `ict package` runs): the old one is moved aside, then ours in.
    const old = `${dir}.old-${unique}`;
    for (let attempt = 1; ; attempt++) {
      await rename(dir, old).catch(() => undefined); // absent, or another process moved it aside first
      try {
        await rename(tmp, dir);
        break;
      } catch (e) {
        // another process put the same (deterministic) build in place in the meantime: keep theirs; but a third
        // may have moved theirs aside since, in which case ours goes in on the next turn
        if (existsSync(join(dir, 'index.html'))) {
          await rm(tmp, {recursive: true, force: true});
          break;
        }
        if (attempt >= 10) throw e;
      }
    }
    await rm(old, {recursive: true, force: true});
  } catch (e) {
    await rm(tmp, {recursive: true, force: true});
    throw new PackageError(
      'output-unwritable',
      `Cannot write the built player to ${dir}.`,
      'Check that the folder can be written.',
      dir,
      [errorText(e)],
    );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The service worker script (format-independent): bundled once, the precache manifest injected per package.

const workers = new Map<string, Promise<string | null>>();

/** Where the service worker source lives. The packager emits `sw.js` only when this file exists. */
export function serviceWorkerSource(root: string = PROJECT_ROOT): string {
  return join(root, 'src', 'offline', 'sw.ts');
}

/**
 * `src/offline/sw.ts` bundled into one classic script that still holds the `self.__WB_MANIFEST` injection point,
 * or null when the project has no service worker source. Built once per process.
 */
export function buildServiceWorker(root: string = PROJECT_ROOT, fresh = false): Promise<string | null> {
  let p = fresh ? undefined : workers.get(root);
  if (!p) {
    p = buildServiceWorkerNow(root);
    workers.set(root, p);
    const mine = p;
    p.catch(() => workers.get(root) === mine && workers.delete(root));
  }
  return p;
}

async function buildServiceWorkerNow(root: string): Promise<string | null> {
  const src = serviceWorkerSource(root);
  if (!existsSync(src)) return null;
  let output: BundleOutput[];
  try {
    output = outputsOf(await build(serviceWorkerBuildConfig(src, root)));
  } catch (e) {
    throw new PackageError(
      'service-worker-failed',
      'The service worker does not build.',
      'Fix src/offline/sw.ts.',
      src,
      [errorText(e)],
    );
  }
  const chunk = output.flatMap((o) => o.output).find((c) => c.type === 'chunk' && c.isEntry);
  if (!chunk || chunk.type !== 'chunk')
    throw new PackageError('service-worker-failed', 'The service worker build produced no script.', undefined, src);
  if (!chunk.code.includes('self.__WB_MANIFEST')) {
    throw new PackageError(
      'service-worker-failed',
      'The service worker has no `self.__WB_MANIFEST` injection point after bundling.',
      'Read the precache list from `self.__WB_MANIFEST` in src/offline/sw.ts.',
      src,
    );
  }
  return chunk.code;
}

// ---------------------------------------------------------------------------------------------------------------

interface BundleChunk {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports?: string[];
  dynamicImports?: string[];
}
interface BundleAsset {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}
interface BundleOutput {
  output: (BundleChunk | BundleAsset)[];
}

function outputsOf(result: unknown): BundleOutput[] {
  const list = Array.isArray(result) ? result : [result];
  for (const r of list) {
    if (!r || typeof r !== 'object' || !Array.isArray((r as BundleOutput).output)) {
      throw new PackageError(
        'player-build-failed',
        'Vite returned no bundle (was `build.write` or watch mode changed?).',
      );
    }
  }
  return list as BundleOutput[];
}

/** An error's message without terminal colour codes (bundler messages carry them). */
export function errorText(e: unknown): string {
  const text = e instanceof PackageError ? e.format() : e instanceof Error ? e.message : String(e);
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

/**
 * The files of a build sorted by name, what the entry loads before anything else (it and its static imports,
 * transitively), and their JavaScript sizes raw and gzip (level 9).
 */
export function measureBundle(
  files: ReadonlyMap<string, Uint8Array>,
  entry: string,
  staticImports: ReadonlyMap<string, readonly string[]>,
  /** files the page loads besides the entry (the file:// loader) */
  alsoInitial: readonly string[] = [],
): {sorted: Map<string, Uint8Array>; initialFiles: string[]; size: Player['size']} {
  const initial = new Set<string>();
  const visit = (f: string): void => {
    if (initial.has(f)) return;
    initial.add(f);
    for (const dep of staticImports.get(f) ?? []) visit(dep);
  };
  visit(entry);
  for (const f of alsoInitial) if (files.has(f)) visit(f);
  const sorted = new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const sizes = (names: Iterable<string>) => {
    let raw = 0;
    let gz = 0;
    for (const n of names) {
      const f = sorted.get(n);
      if (!f || !n.endsWith('.js')) continue;
      raw += f.byteLength;
      gz += gzipSync(f, {level: 9}).byteLength;
    }
    return [raw, gz] as const;
  };
  const [initialBytes, initialGzip] = sizes(initial);
  const [total, totalGzip] = sizes(sorted.keys());
  return {sorted, initialFiles: [...initial].sort(), size: {initial: initialBytes, initialGzip, total, totalGzip}};
}
