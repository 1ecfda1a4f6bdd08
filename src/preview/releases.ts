/**
 * Release packages: the zips `npm run package` wrote (`dist/packages/<id>-<version>-<format>.zip`), launched as they
 * are, so a release is checked byte for byte before it ships. Each zip is read into memory on its first launch and
 * served from there; a zip rewritten on disk (a new size or time) is a new package with a new URL.
 */
import {createHash} from 'node:crypto';
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import type {CompiledCourse} from '../course/types.js';
import {courseOfPackage, FORMATS, isFormat, unzipFiles, type Format} from '../package/index.js';

export interface ReleasePackage {
  /** the file name without `.zip`: `<id>-<version>-<format>` */
  stem: string;
  file: string;
  course: string;
  version: string;
  format: Format;
  bytes: number;
  /** changes whenever the zip is rewritten */
  sig: string;
  modified: string;
}

/** `<id>-<version>-<format>.zip`; a format's name may hold a hyphen (`scorm2004-3rd`), so the formats are named. */
const NAME = new RegExp(
  `^([a-z0-9][a-z0-9-]*?)-(\\d+\\.\\d+\\.\\d+(?:[-+][0-9A-Za-z.+-]*)?)-(${[...FORMATS].sort((a, b) => b.length - a.length).join('|')})\\.zip$`,
);

export class ReleaseShelf {
  private cache = new Map<string, {files: Map<string, Uint8Array>; course: CompiledCourse}>();

  constructor(readonly dir: string) {}

  /** The zips in the folder, by course, version and format. */
  list(): ReleasePackage[] {
    if (!existsSync(this.dir)) return [];
    const out: ReleasePackage[] = [];
    for (const file of readdirSync(this.dir).sort()) {
      const m = NAME.exec(file);
      if (!m || !isFormat(m[3]!)) continue;
      let st;
      try {
        st = statSync(join(this.dir, file));
      } catch {
        continue;
      }
      if (!st.isFile()) continue;
      const sig = createHash('sha256').update(`${file}\0${st.size}\0${st.mtimeMs}`).digest('hex').slice(0, 10);
      out.push({
        stem: file.slice(0, -4),
        file,
        course: m[1]!,
        version: m[2]!,
        format: m[3] as Format,
        bytes: st.size,
        sig,
        modified: st.mtime.toISOString(),
      });
    }
    return out;
  }

  get(stem: string): ReleasePackage | undefined {
    return this.list().find((p) => p.stem === stem);
  }

  /** The files of a package and the course it carries (`course.json`); throws with the reason when unreadable. */
  open(p: ReleasePackage): {files: Map<string, Uint8Array>; course: CompiledCourse} {
    const key = `${p.stem}\0${p.sig}`;
    let hit = this.cache.get(key);
    if (!hit) {
      const files = unzipFiles(new Uint8Array(readFileSync(join(this.dir, p.file))));
      if (!files.get('course.json'))
        throw new Error(`${p.file} has no course.json: it is not a package of this project`);
      let course: CompiledCourse;
      try {
        course = courseOfPackage(files);
      } catch (e) {
        throw new Error(`${p.file}: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (!files.has('index.html')) throw new Error(`${p.file} has no index.html to launch`);
      for (const k of [...this.cache.keys()]) if (k.startsWith(`${p.stem}\0`)) this.cache.delete(k);
      hit = {files, course};
      this.cache.set(key, hit);
    }
    return hit;
  }
}
