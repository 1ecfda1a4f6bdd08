// A course folder as the compiler reads it: paths shown relative to where the author ran the build, files read
// with their problems reported (a missing file is null, an unreadable one an error), and its lessons listed.
import {readFile, readdir, stat} from 'node:fs/promises';
import path from 'node:path';
import {readLesson, type LessonSource} from './lessons.js';
import {Problems} from './problems.js';
import {toPosix} from './refs.js';

/** The lessons of one language: their sources, and the lesson id of each file. */
export interface LanguageLessons {
  sources: LessonSource[];
  byFile: Map<string, string>;
}

export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class CourseFiles {
  readonly problems = new Problems();
  readonly absDir: string;

  constructor(readonly dir: string) {
    this.absDir = path.resolve(dir);
  }

  /** A path of the course as the author sees it (relative to where the build ran). */
  display(rel: string): string {
    return path.join(this.dir, rel);
  }

  abs(rel: string): string {
    return path.join(this.absDir, rel);
  }

  async readText(rel: string): Promise<string | null> {
    try {
      return await readFile(this.abs(rel), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.problems.error({file: this.display(rel)}, 'read-error', `Cannot read the file: ${(e as Error).message}`);
      }
      return null;
    }
  }

  async list(rel: string): Promise<string[] | null> {
    try {
      return (await readdir(this.abs(rel))).sort(byCodePoint);
    } catch {
      return null;
    }
  }

  async isDir(rel: string): Promise<boolean> {
    try {
      return (await stat(this.abs(rel))).isDirectory();
    } catch {
      return false;
    }
  }

  /** Read `<prefix>lessons/*.md` with their front matter. */
  async readLessons(prefix: string, lang: string | null): Promise<LanguageLessons> {
    const rel = `${prefix}lessons`;
    const names = await this.list(rel);
    const sources: LessonSource[] = [];
    const byFile = new Map<string, string>();
    if (names === null) {
      if (!lang) {
        this.problems.error(
          {file: this.display(rel)},
          'no-lessons',
          'The course has no lessons/ folder',
          `Create ${this.display(rel)}/ with one Markdown file per lesson, e.g. 01-introduction.md.`,
        );
      }
      return {sources, byFile};
    }
    for (const name of names) {
      const fileRel = `${rel}/${name}`;
      if (!name.toLowerCase().endsWith('.md')) {
        if (!name.startsWith('.')) {
          this.problems.warn(
            {file: this.display(fileRel)},
            'ignored-file',
            `\`${name}\` is not a Markdown lesson (.md) and is ignored`,
            'Images and other files go in assets/.',
          );
        }
        continue;
      }
      const text = await this.readText(fileRel);
      if (text === null) continue;
      const ls = readLesson(name, this.display(fileRel), this.abs(fileRel), text, {problems: this.problems});
      sources.push(ls);
      if (ls.id) byFile.set(ls.absFile, ls.id);
    }
    if (!sources.length && !lang) {
      this.problems.error(
        {file: this.display(rel)},
        'no-lessons',
        'The course has no lessons',
        `Add one Markdown file per lesson to ${this.display(rel)}/, e.g. 01-introduction.md.`,
      );
    }
    return {sources, byFile};
  }

  async walk(rel: string): Promise<string[]> {
    const names = await this.list(rel);
    if (!names) return [];
    const out: string[] = [];
    for (const name of names) {
      if (name.startsWith('.')) continue;
      const child = toPosix(path.join(rel, name));
      if (await this.isDir(child)) out.push(...(await this.walk(child)));
      else out.push(child);
    }
    return out;
  }
}
