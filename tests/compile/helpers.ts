/** Small broken courses for the compiler tests: a copy of the fixture with one thing changed. */
import assert from 'node:assert/strict';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {formatProblem, type CompileResult, type Problem} from '../../src/compile/index.js';

export const FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/courses/basics');

const roots: string[] = [];

/** Remove every temporary course made by this process. */
export function cleanup(): void {
  for (const r of roots.splice(0)) rmSync(r, {recursive: true, force: true});
}

/** A change to one file: new content, a function of the old content, or null to delete it. */
export type Edit = string | ((old: string) => string) | null;

/** Copy the fixture to a temporary `<name>/` folder and apply the edits (paths relative to the course). */
export function makeCourse(edits: Record<string, Edit> = {}, name = 'basics'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ict-compile-'));
  roots.push(root);
  const dir = path.join(root, name);
  cpSync(FIXTURE, dir, {recursive: true});
  for (const [rel, edit] of Object.entries(edits)) {
    const file = path.join(dir, rel);
    if (edit === null) {
      rmSync(file, {recursive: true, force: true});
      continue;
    }
    mkdirSync(path.dirname(file), {recursive: true});
    let old = '';
    try {
      old = readFileSync(file, 'utf8');
    } catch {
      // a new file
    }
    const next = typeof edit === 'function' ? edit(old) : edit;
    if (typeof edit === 'function' && next === old) throw new Error(`the edit of ${rel} changed nothing`);
    writeFileSync(file, next);
  }
  return dir;
}

/** Replace `from` (which must occur) with `to`. */
export function replace(from: string, to: string): (old: string) => string {
  return (old) => {
    if (!old.includes(from)) throw new Error(`"${from}" not found`);
    return old.replace(from, to);
  };
}

/** The 1-based line of the first line of `dir/rel` that contains `needle`. */
export function lineOf(dir: string, rel: string, needle: string): number {
  const lines = readFileSync(path.join(dir, rel), 'utf8').split('\n');
  const i = lines.findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in ${rel}`);
  return i + 1;
}

/** The failed result's problems (fails the test when the course compiled). */
export function problemsOf(r: CompileResult): Problem[] {
  if (r.ok) assert.fail('expected the course to fail to compile');
  return r.problems;
}

/**
 * Assert that the result has a problem with `code` in `dir/rel` at `line` (when given), and that its formatted
 * message starts with `file:line:`. Returns the problem.
 */
export function expectProblem(r: CompileResult, code: string, dir: string, rel: string, line?: number): Problem {
  const problems = problemsOf(r);
  const file = path.join(dir, rel);
  const matches = problems.filter((p) => p.code === code && p.file === file && (line === undefined || p.line === line));
  assert.ok(
    matches.length > 0,
    `no ${code} problem in ${rel}${line ? `:${line}` : ''}; got:\n${problems.map(formatProblem).join('\n')}`,
  );
  const p = matches[0];
  const text = formatProblem(p);
  assert.ok(text.startsWith(line === undefined ? `${file}` : `${file}:${line}:`), text);
  assert.ok(text.includes(`[${code}]`), text);
  return p;
}
