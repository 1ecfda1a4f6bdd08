/**
 * Deterministic zips (fflate): entries sorted by path, one fixed timestamp, no directory entries, no absolute
 * paths, the same compression for the same bytes. The same files always give the same zip, byte for byte.
 */
import {unzipSync, zipSync, type Zippable} from 'fflate';
import {isSafePackagePath} from './assemble.js';

/**
 * 1980-01-01 00:00:00, the earliest time a zip can record. Built from local fields because zip times are local
 * times (fflate reads the Date's local fields), so the stored bytes do not depend on the machine's time zone.
 */
export const ZIP_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** Already compressed: stored as they are (deflating them again costs time and saves nothing). */
const STORED = /\.(png|jpe?g|gif|webp|avif|woff2?|mp3|mp4|m4a|webm|ogg|zip|gz|br|pdf)$/i;

export function zipFiles(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const names = [...files.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const data: Zippable = {};
  for (const name of names) {
    if (!isSafePackagePath(name)) throw new Error(`unsafe path in package: ${JSON.stringify(name)}`);
    data[name] = [files.get(name)!, {level: STORED.test(name) ? 0 : 9, mtime: ZIP_TIME}];
  }
  return zipSync(data, {mtime: ZIP_TIME});
}

/** The files of a zip (directory entries left out), by path as stored. */
export function unzipFiles(zip: Uint8Array): Map<string, Uint8Array> {
  const out = unzipSync(zip);
  return new Map(
    Object.entries(out)
      .filter(([name]) => !name.endsWith('/'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
