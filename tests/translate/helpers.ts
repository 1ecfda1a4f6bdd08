// What the translation tests share: a copy of ict-strategy (en, fr, es, ar) to change, in a folder of its own.
import {cp} from 'node:fs/promises';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {tempDir} from '../package/helpers.js';

export const COURSES = fileURLToPath(new URL('../../courses/', import.meta.url));
export const ID = 'ict-strategy';

/**
 * A courses folder holding a copy of ict-strategy with the terms the courses share (and the translators' glossaries,
 * where asked): `root`, and the course's `dir`.
 */
export async function copyOfCourse(glossaries = false): Promise<{root: string; dir: string}> {
  const root = await tempDir('ict-translate-test-');
  const dir = join(root, ID);
  await cp(join(COURSES, ID), dir, {recursive: true});
  await cp(join(COURSES, '_terms'), join(root, '_terms'), {recursive: true});
  if (glossaries) await cp(join(COURSES, '_glossary'), join(root, '_glossary'), {recursive: true});
  return {root, dir};
}
