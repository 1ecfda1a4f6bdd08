// Packages for the end-to-end tests, built in memory by the packager itself, and how a test server serves them.
import {compileCourse} from '../../src/compile/index.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {joinCourse} from '../../src/course/split.js';
import {assemblePackage, buildPlayer, type Format} from '../../src/package/index.js';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  json: 'application/json',
  webmanifest: 'application/manifest+json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  css: 'text/css; charset=utf-8',
  xml: 'application/xml',
  xsd: 'application/xml',
  dtd: 'application/xml-dtd',
};

/** The Content-Type a server sends for a package file. */
export function contentType(name: string): string {
  return TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream';
}

/** A package of `course` in `format`, every file in memory (the player is built once per format and process). */
export async function packageOf(
  course: CompiledCourse,
  courseDir: string,
  format: Format,
): Promise<Map<string, Uint8Array>> {
  const player = await buildPlayer(format, {outDir: false});
  return assemblePackage(course, courseDir, format, player);
}

/** The compiled course of a source folder; throws with the problems where it does not compile. */
export async function compiled(dir: string): Promise<CompiledCourse> {
  const r = await compileCourse(dir);
  if (!r.ok) throw new Error(`${dir} does not compile: ${r.problems.map((p) => p.message).join('; ')}`);
  return r.course;
}

/** The whole course of a package served at `courseUrl`: its course.json and the files of each language. */
export async function fetchPackagedCourse(courseUrl: string): Promise<CompiledCourse> {
  const get = async (url: string): Promise<unknown> => {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
    return r.json();
  };
  const course = (await get(courseUrl)) as CompiledCourse;
  const files = new Map<string, unknown>();
  for (const file of [...Object.values(course.contentFiles ?? {}), ...Object.values(course.questionFiles ?? {})])
    files.set(file, await get(new URL(file, courseUrl).href));
  return joinCourse(course, (file) => files.get(file));
}
