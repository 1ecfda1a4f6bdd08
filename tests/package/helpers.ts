// Shared by the packager's tests: fixture copies, compiling, reading packages.
import {spawn} from 'node:child_process';
import {cp, mkdtemp, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {compileCourse} from '../../src/compile/index.js';
import type {CompiledCourse} from '../../src/course/types.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(ROOT, 'tests', 'fixtures', 'courses');
export const BASICS = join(FIXTURES, 'basics');

const temps: string[] = [];

/** A new temporary folder, removed by {@link removeTempDirs}. */
export async function tempDir(prefix = 'ict-package-test-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** Removes every folder {@link tempDir} made (call it from `after`). */
export async function removeTempDirs(): Promise<void> {
  for (const dir of temps.splice(0)) await rm(dir, {recursive: true, force: true});
}

/** A copy of the fixture courses folder (`<tmp>/courses/basics/...`) to change freely. Returns the courses folder. */
export async function copyFixtures(): Promise<string> {
  const dir = join(await tempDir(), 'courses');
  await cp(FIXTURES, dir, {recursive: true});
  return dir;
}

/** Replaces `from` by `to` in a file (asserting it was there). */
export async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(file, 'utf8');
  const next = text.replace(from, to);
  if (next === text) throw new Error(`${file}: ${String(from)} not found`);
  await writeFile(file, next);
}

export async function compiled(dir: string): Promise<CompiledCourse> {
  const r = await compileCourse(dir);
  if (!r.ok)
    throw new Error(
      `the fixture does not compile:\n${r.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n')}`,
    );
  return r.course;
}

export async function listFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, {recursive: true})).map(String).sort();
  } catch {
    return [];
  }
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `ict <args>` in a child process (as a user or a script would), in `cwd`. */
export function ict(args: string[], cwd = ROOT): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], {
      cwd,
      env: {...process.env, NO_COLOR: '1'},
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({code, stdout, stderr}));
  });
}

/** A SCORM 1.2 manifest of another tool: one SCO launching index.html, `body` its resource's files. */
export const m12 = (body = '<file href="index.html"/>', mastery = '80') => `<?xml version="1.0"?>
<manifest identifier="x" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>t</title>
    <item identifier="i" identifierref="r"><title>t</title><adlcp:masteryscore>${mastery}</adlcp:masteryscore></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">${body}</resource></resources>
</manifest>`;
