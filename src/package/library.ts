/**
 * The library build for embedding: `src/index.ts` as one ES module, `ict-course.js`, plus the chunks it loads on
 * demand (views, languages, offline support), hashed. A training centre copies the folder to its server and loads
 * `ict-course.js` with one `<script type="module">` or an `import`; the module's exports are the public API.
 *
 * Same settings as the players (vite.config.ts): target, minification, no preload helper, deterministic output.
 */
import {mkdir, rename, rm, writeFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {build} from 'vite';
import {PROJECT_ROOT, playerBuildConfig} from '../../vite.config.js';
import {PackageError} from './errors.js';
import {errorText, measureBundle} from './player.js';

/** The file name of the library's entry module. */
export const LIBRARY_ENTRY = 'ict-course.js';

export interface Library {
  /** every file of the library, by path relative to its folder, sorted; the entry is {@link LIBRARY_ENTRY} */
  files: ReadonlyMap<string, Uint8Array>;
  /** the entry and the chunks it imports statically: what a page downloads before the course shows */
  initialFiles: readonly string[];
  /** bytes: raw and gzip (level 9), of the initial files and of all files */
  size: {initial: number; initialGzip: number; total: number; totalGzip: number};
  /** where it was written, or null */
  dir: string | null;
}

export interface BuildLibraryOptions {
  /** the project root (default: this project) */
  root?: string;
  /** the folder written (emptied first); `false` keeps the build in memory. Default `<root>/dist/lib`. */
  outDir?: string | false;
}

interface Chunk {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  imports?: string[];
}
interface Asset {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}

/** Builds the library. Throws a {@link PackageError} `player-build-failed` with the bundler's message. */
export async function buildLibrary(options: BuildLibraryOptions = {}): Promise<Library> {
  const root = options.root ?? PROJECT_ROOT;
  const outDir = options.outDir === undefined ? join(root, 'dist', 'lib') : options.outDir;
  const entryPath = join(root, 'src', 'index.ts');
  const config = playerBuildConfig(entryPath, root);
  const rolldown = config.build!.rolldownOptions!;
  config.build!.rolldownOptions = {
    ...rolldown,
    input: {'ict-course': entryPath},
    // a library: the entry keeps its exports (an application build may drop them)
    preserveEntrySignatures: 'strict',
    output: {...(rolldown.output as object), entryFileNames: LIBRARY_ENTRY},
  };
  let items: (Chunk | Asset)[];
  try {
    const result = (await build(config)) as unknown;
    const list = (Array.isArray(result) ? result : [result]) as {output?: (Chunk | Asset)[]}[];
    items = list.flatMap((r) => {
      if (!Array.isArray(r?.output)) throw new Error('Vite returned no bundle');
      return r.output;
    });
  } catch (e) {
    throw new PackageError(
      'player-build-failed',
      'The embeddable library (src/index.ts) does not build.',
      'Fix the error above in the browser code (src/), then run the command again.',
      entryPath,
      [errorText(e)],
    );
  }
  const files = new Map<string, Uint8Array>();
  const imports = new Map<string, string[]>();
  for (const item of items) {
    if (item.fileName.endsWith('.map')) continue;
    if (item.type === 'chunk') {
      files.set(item.fileName, new TextEncoder().encode(item.code));
      imports.set(item.fileName, item.imports ?? []);
    } else {
      files.set(item.fileName, typeof item.source === 'string' ? new TextEncoder().encode(item.source) : item.source);
    }
  }
  if (!files.has(LIBRARY_ENTRY)) {
    throw new PackageError(
      'player-build-failed',
      `The library build produced no ${LIBRARY_ENTRY}.`,
      undefined,
      entryPath,
    );
  }
  const {sorted, initialFiles, size} = measureBundle(files, LIBRARY_ENTRY, imports);
  const library: Library = {
    files: sorted,
    initialFiles,
    size,
    dir: null,
  };
  if (outDir !== false) {
    await writeLibrary(library, outDir);
    library.dir = outDir;
  }
  return library;
}

async function writeLibrary(library: Library, dir: string): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  try {
    for (const [name, data] of library.files) {
      await mkdir(dirname(join(tmp, name)), {recursive: true});
      await writeFile(join(tmp, name), data);
    }
    await rm(dir, {recursive: true, force: true});
    await mkdir(dirname(dir), {recursive: true});
    await rename(tmp, dir);
  } catch (e) {
    await rm(tmp, {recursive: true, force: true});
    throw new PackageError(
      'output-unwritable',
      `Cannot write the library to ${dir}.`,
      'Check that the folder can be written, or choose another with --out.',
      dir,
      [errorText(e)],
    );
  }
}
