/**
 * A release: every chosen course in every chosen format, built in memory first (so a bad input writes nothing),
 * then written zip by zip (each to a temporary name, renamed when complete) and `release.json` last.
 */
import {createHash} from 'node:crypto';
import {access, constants, mkdir, rename, rm, stat, writeFile} from 'node:fs/promises';
import {availableParallelism} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import type {CompiledCourse} from '../course/types.js';
import {assemblePackage} from './assemble.js';
import {PackageError} from './errors.js';
import type {Format} from './formats.js';
import {buildPlayer, errorText, type BuildPlayerOptions, type Player} from './player.js';
import {zipFiles} from './zip.js';

/** Semantic versioning 2.0.0. */
export const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$/;
const COURSE_ID = /^[a-z0-9][a-z0-9-]*$/;

export const RELEASE_FILE = 'release.json';

/** Packages assembled at the same time. */
const PARALLEL = Math.max(2, Math.min(4, availableParallelism()));

/** A compiled course and the folder it was compiled from (assets are read from there). */
export interface CourseSource {
  course: CompiledCourse;
  dir: string;
}

/** One line of release.json. */
export interface ReleaseEntry {
  course: string;
  version: string;
  format: Format;
  /** the zip's file name, relative to release.json */
  file: string;
  bytes: number;
  sha256: string;
  /** every file in the zip, sorted */
  files: string[];
}

export interface Release {
  packages: ReleaseEntry[];
}

export interface BuiltPackage {
  entry: ReleaseEntry;
  zip: Uint8Array;
}

export interface BuildOptions {
  player?: BuildPlayerOptions;
  /** called before each step: building a player, assembling a package */
  onProgress?: (step: {done: number; total: number; message: string}) => void;
  onNote?: (note: string) => void;
}

/** `<id>-<version>-<format>.zip` */
export function packageFileName(course: CompiledCourse, format: Format): string {
  return `${course.id}-${course.version}-${format}.zip`;
}

/** SCORM 1.2's IMS CP 1.1.2 schema limits the manifest `version` attribute to 20 characters. */
export const SCORM12_VERSION_MAX = 20;

/**
 * Throws `invalid-version` / `invalid-id` when a compiled course cannot name a package (or, with `formats`, when
 * one of those formats cannot carry its version).
 */
export function checkCourseIdentity(course: CompiledCourse, dir: string, formats: readonly Format[] = []): void {
  if (!COURSE_ID.test(course.id)) {
    throw new PackageError(
      'invalid-id',
      `The course id ${JSON.stringify(course.id)} is not a valid id.`,
      'Use lowercase letters, digits and hyphens (`ict-strategy`).',
      join(dir, 'course.yaml'),
    );
  }
  if (!SEMVER.test(course.version)) {
    throw new PackageError(
      'invalid-version',
      `The version ${JSON.stringify(course.version)} of course ${course.id} is not a semantic version.`,
      'Write it as major.minor.patch, for example `version: 1.2.0`.',
      join(dir, 'course.yaml'),
    );
  }
  if (formats.includes('scorm12') && course.version.length > SCORM12_VERSION_MAX) {
    throw new PackageError(
      'invalid-version',
      `The version ${JSON.stringify(course.version)} of course ${course.id} is longer than the ${SCORM12_VERSION_MAX} characters a SCORM 1.2 manifest allows.`,
      'Shorten the pre-release or build part of the version (`1.2.0-rc.1`), or leave scorm12 out with --format.',
      join(dir, 'course.yaml'),
    );
  }
}

/**
 * Builds the players (once each), then every package in memory: assembled, manifest validated, zipped. Nothing
 * is written to the output folder. Throws the first {@link PackageError} (an asset error lists every asset).
 */
export async function buildPackages(
  courses: readonly CourseSource[],
  formats: readonly Format[],
  options: BuildOptions = {},
): Promise<BuiltPackage[]> {
  for (const c of courses) checkCourseIdentity(c.course, c.dir, formats);
  const total = formats.length + courses.length * formats.length;
  let done = 0;
  const players = new Map<Format, Player>();
  for (const format of formats) {
    options.onProgress?.({done, total, message: `building the ${format} player`});
    const player = await buildPlayer(format, options.player);
    players.set(format, player);
    for (const w of player.warnings) options.onNote?.(`${format} player: ${w}`);
    done++;
  }
  const notes = new Set<string>();
  const jobs = courses.flatMap(({course, dir}) => formats.map((format) => ({course, dir, format})));
  const built: BuiltPackage[] = new Array(jobs.length);
  // Packages are independent: assemble them a few at a time (schema validation and Workbox run in worker threads
  // and on the file system, so this keeps both cores busy). The results keep the course x format order.
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      const {course, dir, format} = jobs[i];
      options.onProgress?.({done, total, message: `${course.id} ${course.version} ${format}`});
      const files = await assemblePackage(course, dir, format, players.get(format)!, {onNote: (n) => notes.add(n)});
      const zip = zipFiles(files);
      built[i] = {
        zip,
        entry: {
          course: course.id,
          version: course.version,
          format,
          file: packageFileName(course, format),
          bytes: zip.byteLength,
          sha256: createHash('sha256').update(zip).digest('hex'),
          files: [...files.keys()],
        },
      };
      done++;
    }
  };
  await Promise.all(Array.from({length: Math.min(PARALLEL, jobs.length)}, worker));
  options.onProgress?.({done, total, message: 'done'});
  for (const n of notes) options.onNote?.(n);
  return built;
}

/**
 * Throws `output-unwritable` when `outDir` cannot be created or written, without creating anything: the nearest
 * existing folder on the way must be a writable folder.
 */
export async function checkWritable(outDir: string): Promise<void> {
  let p = resolve(outDir);
  for (;;) {
    try {
      const st = await stat(p);
      if (!st.isDirectory()) throw unwritable(outDir, `${p} is a file, not a folder`);
      await access(p, constants.W_OK);
      return;
    } catch (e) {
      if (e instanceof PackageError) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && dirname(p) !== p) {
        p = dirname(p);
        continue;
      }
      throw unwritable(outDir, errorText(e));
    }
  }
}

function unwritable(outDir: string, why: string): PackageError {
  return new PackageError(
    'output-unwritable',
    `Cannot write to the output folder ${outDir}.`,
    'Choose another folder with --out, or make this one writable.',
    undefined,
    [why],
  );
}

/**
 * Writes the packages into `outDir` and then `release.json`. Any existing release.json is removed first, so a run
 * that fails part-way leaves none (never one that claims what was not written); a zip is only ever seen complete.
 */
export async function writeRelease(outDir: string, built: readonly BuiltPackage[]): Promise<Release> {
  const temps: string[] = [];
  const releasePath = join(outDir, RELEASE_FILE);
  try {
    await mkdir(outDir, {recursive: true});
    await rm(releasePath, {force: true});
    for (const {entry, zip} of built) {
      const target = join(outDir, entry.file);
      const tmp = join(outDir, `.${entry.file}.${process.pid}.partial`);
      temps.push(tmp);
      await writeFile(tmp, zip);
      await rename(tmp, target);
      temps.pop();
    }
    const release: Release = {packages: built.map((b) => b.entry)};
    const tmp = join(outDir, `.${RELEASE_FILE}.${process.pid}.partial`);
    temps.push(tmp);
    await writeFile(tmp, `${JSON.stringify(release, null, 2)}\n`);
    await rename(tmp, releasePath);
    temps.pop();
    return release;
  } catch (e) {
    for (const t of temps) await rm(t, {force: true}).catch(() => undefined);
    await rm(releasePath, {force: true}).catch(() => undefined);
    if (e instanceof PackageError) throw e;
    throw unwritable(outDir, errorText(e));
  }
}
