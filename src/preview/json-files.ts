// The preview's files on disk: a JSON document written atomically (a temporary file renamed over the old one, so a
// crash or a restart never leaves half a file), and JSON lines appended one record at a time.
import {appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

let counter = 0;
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.${++counter}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, {recursive: true});
}

export function removeFiles(dir: string, names: string[]): void {
  for (const n of names) rmSync(join(dir, n), {force: true});
}

/** One JSON document. An unreadable one (edited by hand?) is kept aside and the file starts empty: nothing is lost. */
export class JsonFile<T> {
  constructor(
    readonly path: string,
    readonly empty: () => T,
  ) {}

  load(): T {
    if (!existsSync(this.path)) return this.empty();
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as T;
    } catch {
      try {
        renameSync(this.path, `${this.path}.unreadable-${Date.now()}`);
      } catch {
        // gone meanwhile: nothing to keep
      }
      return this.empty();
    }
  }

  save(value: T): void {
    writeAtomic(this.path, JSON.stringify(value, null, 1));
  }

  remove(): void {
    rmSync(this.path, {force: true});
  }
}

/** Records as JSON lines, appended; a torn last line (a crash while appending) is skipped on load. */
export class JsonLinesFile<T> {
  constructor(readonly path: string) {}

  load(): T[] {
    if (!existsSync(this.path)) return [];
    const out: T[] = [];
    for (const line of readFileSync(this.path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line));
      } catch {
        // a torn last line after a crash: everything before it is intact
      }
    }
    return out;
  }

  append(items: T[]): void {
    if (items.length) appendFileSync(this.path, items.map((i) => JSON.stringify(i) + '\n').join(''));
  }

  rewrite(items: T[]): void {
    writeAtomic(this.path, items.map((i) => JSON.stringify(i) + '\n').join(''));
  }
}
