/**
 * The package's service worker: `src/offline/sw.ts` bundled once (see `buildServiceWorker` in player.ts), then
 * Workbox's `injectManifest` writes the precache list (every file the browser loads from the package, each with a
 * revision) in place of `self.__WB_MANIFEST`. This is the one place where a package gets its `sw.js`.
 */
import {mkdtemp, mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {PackageError} from './errors.js';
import {buildServiceWorker, errorText} from './player.js';

/** The service worker's file name at the package root (the page registers `sw.js` beside itself). */
export const SERVICE_WORKER_FILE = 'sw.js';

/** Hashed build output (`name-<8+ chars>.js`): its URL changes with its content, so Workbox needs no revision. */
const HASHED = /-[A-Za-z0-9_-]{8,}\.js$/;

/**
 * `sw.js` for a package whose browser files are `files`, or null when the project has no service worker source
 * (`src/offline/sw.ts`). Deterministic: the precache list is sorted and each revision is a hash of the content.
 */
export async function serviceWorkerFor(
  files: ReadonlyMap<string, Uint8Array>,
  root?: string,
): Promise<Uint8Array | null> {
  const template = await buildServiceWorker(root);
  if (template === null) return null;
  const dir = await mkdtemp(join(tmpdir(), 'ict-sw-'));
  try {
    const pkg = join(dir, 'package');
    for (const [name, data] of files) {
      await mkdir(dirname(join(pkg, name)), {recursive: true});
      await writeFile(join(pkg, name), data);
    }
    await writeFile(join(dir, 'sw-src.js'), template);
    const {injectManifest} = await import('workbox-build');
    const largest = Math.max(0, ...[...files.values()].map((f) => f.byteLength));
    const result = await injectManifest({
      swSrc: join(dir, 'sw-src.js'),
      swDest: join(dir, SERVICE_WORKER_FILE),
      globDirectory: pkg,
      globPatterns: ['**/*'],
      globFollow: false,
      dontCacheBustURLsMatching: HASHED,
      maximumFileSizeToCacheInBytes: largest + 1,
      manifestTransforms: [
        (entries) => ({
          manifest: [...entries].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)),
          warnings: [],
        }),
      ],
    });
    if (result.count !== files.size) {
      throw new Error(
        `the precache list has ${result.count} files, the package ${files.size}: ${result.warnings.join('; ')}`,
      );
    }
    return new Uint8Array(await readFile(join(dir, SERVICE_WORKER_FILE)));
  } catch (e) {
    if (e instanceof PackageError) throw e;
    throw new PackageError(
      'service-worker-failed',
      'Workbox could not write the precache list into the service worker.',
      undefined,
      'src/offline/sw.ts',
      [errorText(e)],
    );
  } finally {
    await rm(dir, {recursive: true, force: true});
  }
}
