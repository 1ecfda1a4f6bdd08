/**
 * A cache of built players on disk, used where the environment variable `ICT_PLAYER_CACHE` names a folder (`npm test`
 * sets it, so the many processes of a test run build each player once). A player is keyed on everything its build
 * reads: every file under the project's `src/`, its `vite.config.ts`, `tsconfig.json`, `package.json` and
 * `package-lock.json`, and the format; a change to any of them is a new key, so a stale player is never used.
 * Entries are written to a temporary folder and renamed into place, so a reader never sees half of one.
 */
import {createHash, randomUUID} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdir, readdir, readFile, rename, rm, writeFile} from 'node:fs/promises';
import {dirname, join, relative} from 'node:path';
import type {Format} from './formats.js';
import type {Player} from './player.js';

/** The cache folder, or null where none is set. */
export function playerCacheDir(): string | null {
  const dir = process.env.ICT_PLAYER_CACHE;
  return dir ? dir : null;
}

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, {withFileTypes: true})) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await filesUnder(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The key of the players built from `root`: a hash of every input of the build. */
export async function playerKey(root: string, configRoot: string): Promise<string> {
  const hash = createHash('sha256');
  const inputs = [
    ...(await filesUnder(join(root, 'src'))).sort(),
    ...['vite.config.ts', 'tsconfig.json', 'package.json', 'package-lock.json']
      .map((f) => join(configRoot, f))
      .filter((f) => existsSync(f)),
  ];
  for (const file of inputs) {
    hash.update(relative(root, file)).update('\0');
    hash.update(await readFile(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 32);
}

interface Stored {
  format: Format;
  entry: string;
  page: string;
  initialFiles: string[];
  size: Player['size'];
  warnings: string[];
  files: string[];
}

/** The cached player of `format` under `key`, or null. */
export async function readCachedPlayer(dir: string, key: string, format: Format, root: string): Promise<Player | null> {
  const at = join(dir, `${key}-${format}`);
  let stored: Stored;
  try {
    stored = JSON.parse(await readFile(join(at, 'player.json'), 'utf8')) as Stored;
  } catch {
    return null;
  }
  const files = new Map<string, Uint8Array>();
  try {
    for (const name of stored.files) files.set(name, new Uint8Array(await readFile(join(at, 'files', name))));
  } catch {
    return null;
  }
  return {
    format,
    root,
    entry: stored.entry,
    files,
    page: stored.page,
    initialFiles: stored.initialFiles,
    size: stored.size,
    warnings: stored.warnings,
  };
}

/** Keeps `player` under `key` (where another process has kept it meanwhile, theirs stays). */
export async function writeCachedPlayer(dir: string, key: string, player: Player): Promise<void> {
  const at = join(dir, `${key}-${player.format}`);
  if (existsSync(at)) return;
  const tmp = `${at}.tmp-${process.pid}-${randomUUID()}`;
  try {
    for (const [name, data] of player.files) {
      await mkdir(dirname(join(tmp, 'files', name)), {recursive: true});
      await writeFile(join(tmp, 'files', name), data);
    }
    const stored: Stored = {
      format: player.format,
      entry: player.entry,
      page: player.page,
      initialFiles: [...player.initialFiles],
      size: player.size,
      warnings: player.warnings,
      files: [...player.files.keys()],
    };
    await writeFile(join(tmp, 'player.json'), JSON.stringify(stored));
    await rename(tmp, at).catch(() => undefined); // another process kept the same player first
  } finally {
    await rm(tmp, {recursive: true, force: true});
  }
}
