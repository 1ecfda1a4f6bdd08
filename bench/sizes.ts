/**
 * Sizes: the JavaScript of each format's player (what a launch loads before the first lesson, and all of it) and
 * the packages `ict package` wrote (zip, unpacked, the largest files).
 */
import {readFile} from 'node:fs/promises';
import {join} from 'node:path';
import {brotliCompressSync, constants, gzipSync} from 'node:zlib';
import {buildPlayer, unzipFiles, type Format} from '../src/package/index.js';

export interface Bytes {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface PlayerJs {
  format: Format;
  entry: string;
  /** the entry and the chunks it imports statically */
  initialFiles: string[];
  initial: Bytes;
  all: Bytes;
  files: {name: string; bytes: Bytes}[];
}

export interface PackageFigures {
  format: Format;
  /** per course: the zip and what it unpacks to */
  courses: {course: string; zip: number; unpacked: number; files: number}[];
  /** the course with the largest zip */
  biggest: {course: string; zip: number; unpacked: number; largestFiles: {name: string; raw: number; gzip: number}[]};
}

/** raw, gzip (level 9) and brotli (quality 11) sizes of `data` */
export function bytesOf(data: Uint8Array): Bytes {
  return {
    raw: data.byteLength,
    gzip: gzipSync(data, {level: 9}).byteLength,
    brotli: brotliCompressSync(data, {
      params: {[constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT},
    }).byteLength,
  };
}

export function sum(list: Bytes[]): Bytes {
  return list.reduce((a, b) => ({raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli}), {
    raw: 0,
    gzip: 0,
    brotli: 0,
  });
}

/** Builds (in memory, as the packager does) the player of each format and measures its JavaScript. */
export async function playerJs(formats: readonly Format[]): Promise<PlayerJs[]> {
  const out: PlayerJs[] = [];
  for (const format of formats) {
    const player = await buildPlayer(format, {outDir: false});
    const files = [...player.files]
      .filter(([n]) => n.endsWith('.js'))
      .map(([name, data]) => ({name, bytes: bytesOf(data)}));
    const initial = new Set(player.initialFiles);
    out.push({
      format,
      entry: player.entry,
      initialFiles: [...player.initialFiles],
      initial: sum(files.filter((f) => initial.has(f.name)).map((f) => f.bytes)),
      all: sum(files.map((f) => f.bytes)),
      files: files.sort((a, b) => b.bytes.raw - a.bytes.raw),
    });
  }
  return out;
}

export interface ReleaseEntry {
  course: string;
  version: string;
  format: Format;
  file: string;
  bytes: number;
}

/** The packages listed in `<dir>/release.json`, read and measured. */
export async function packageFigures(dir: string, formats: readonly Format[]): Promise<PackageFigures[]> {
  const release = JSON.parse(await readFile(join(dir, 'release.json'), 'utf8')) as {packages: ReleaseEntry[]};
  const out: PackageFigures[] = [];
  for (const format of formats) {
    const entries = release.packages.filter((p) => p.format === format);
    const courses: PackageFigures['courses'] = [];
    let biggest: {entry: ReleaseEntry; files: Map<string, Uint8Array>} | undefined;
    for (const e of entries) {
      const zip = new Uint8Array(await readFile(join(dir, e.file)));
      const files = unzipFiles(zip);
      let unpacked = 0;
      for (const f of files.values()) unpacked += f.byteLength;
      courses.push({course: e.course, zip: zip.byteLength, unpacked, files: files.size});
      if (!biggest || zip.byteLength > biggest.entry.bytes) biggest = {entry: {...e, bytes: zip.byteLength}, files};
    }
    if (!biggest) continue;
    const largestFiles = [...biggest.files]
      .sort(([, a], [, b]) => b.byteLength - a.byteLength)
      .slice(0, 5)
      .map(([name, data]) => ({name, raw: data.byteLength, gzip: gzipSync(data, {level: 9}).byteLength}));
    const b = courses.find((c) => c.course === biggest!.entry.course)!;
    out.push({format, courses, biggest: {course: b.course, zip: b.zip, unpacked: b.unpacked, largestFiles}});
  }
  return out;
}
