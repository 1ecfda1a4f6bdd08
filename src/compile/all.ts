// Every course of a courses folder compiled at once, in name order, with IRIs checked to be unique.
import {readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import type {CompiledCourse} from '../course/types.js';
import {compileCourse} from './course.js';
import {byCodePoint} from './course-files.js';
import type {Problem} from './problems.js';

/** Compile every course folder in `coursesDir` (folders holding course.yaml), in name order. */
export async function compileAll(coursesDir: string): Promise<CompileAllResult> {
  let names: string[];
  try {
    names = (await readdir(coursesDir, {withFileTypes: true}))
      // `_glossary` (and any `_` folder) holds what the courses share: not a course
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !d.name.startsWith('_'))
      .map((d) => d.name)
      .sort(byCodePoint);
  } catch (e) {
    return {
      ok: false,
      problems: [
        {file: coursesDir, code: 'missing-file', message: `Cannot read the courses folder: ${(e as Error).message}`},
      ],
      warnings: [],
    };
  }
  const courses: CompiledCourse[] = [];
  const problems: Problem[] = [];
  const warnings: Problem[] = [];
  const iris = new Map<string, string>();
  for (const name of names) {
    const dir = path.join(coursesDir, name);
    try {
      await stat(path.join(dir, 'course.yaml'));
    } catch {
      warnings.push({
        file: dir,
        code: 'unknown-file',
        message: 'This folder has no course.yaml and is not a course',
        hint: 'Add course.yaml to make it a course, or move it out of the courses folder.',
      });
      continue;
    }
    const r = await compileCourse(dir);
    warnings.push(...r.warnings);
    if (!r.ok) {
      problems.push(...r.problems);
      continue;
    }
    const other = iris.get(r.course.iri);
    if (other) {
      problems.push({
        file: path.join(dir, 'course.yaml'),
        code: 'duplicate-id',
        message: `The IRI \`${r.course.iri}\` is also the IRI of ${other}`,
        hint: 'Each course needs its own IRI: LMSs and LRSs key on it.',
      });
    } else iris.set(r.course.iri, r.course.id);
    courses.push(r.course);
  }
  return problems.length ? {ok: false, problems, warnings} : {ok: true, courses, warnings};
}

export type CompileAllResult =
  {ok: true; courses: CompiledCourse[]; warnings: Problem[]} | {ok: false; problems: Problem[]; warnings: Problem[]};
