// Persistence for the preview LRS: one folder, statements as JSON lines (append-only), every other collection as
// one JSON file written atomically (write to a temporary file, then rename). A restart reloads everything.
import {appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

/** A statement as the LRS holds it: the statement as returned by GET, plus the canonical form of what was sent. */
export interface StoredStatement {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
  statement: Record<string, any>;
  /** canonical JSON of the statement as submitted (ids, stored, authority and version excluded), for dedupe */
  canonical: string;
  /** ms since epoch of `stored`, for `since`/`until` */
  storedMs: number;
  voided?: boolean;
}

/** A document of the State or Agent Profile API. */
export interface StoredDocument {
  contentType: string;
  /** base64 of the bytes */
  body: string;
  etag: string;
  updated: string;
}

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
      return this.empty();
    }
  }
  save(value: T): void {
    writeAtomic(this.path, JSON.stringify(value));
  }
}

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
