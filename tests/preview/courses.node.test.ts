// The preview's course library: compiles every course folder, recompiles only the folder that changed, picks up new
// and removed courses, a file replaced by a rename and a new assets/ folder, reports a compile error with file and
// line — with fs.watch and with the polling fallback.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {CourseLibrary} from '../../src/preview/courses.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/courses/basics', import.meta.url));

async function until<T>(fn: () => T | undefined | null | false, what: string, ms = 10000): Promise<T> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const v = fn();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

for (const poll of [false, true]) {
  test(`${poll ? 'polling' : 'fs.watch'}: an edit recompiles that course only; a broken source shows file:line; new and removed folders`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ict-preview-courses-'));
    cpSync(FIXTURE, join(dir, 'basics'), {recursive: true});
    cpSync(FIXTURE, join(dir, 'other'), {recursive: true});
    const otherYaml = join(dir, 'other', 'course.yaml');
    writeFileSync(otherYaml, readFileSync(otherYaml, 'utf8').replace('id: basics', 'id: other'));
    const lib = new CourseLibrary({coursesDir: dir, poll, pollMs: 100});
    try {
      // compile without building the players: start() would build them; the watch is what is tested here
      await lib.refresh();
      lib.watchSources();
      assert.equal(lib.watchMode, poll ? 'polling' : 'fs.watch');
      assert.deepEqual(
        lib.list().map((e) => [e.id, !!e.course]),
        [
          ['basics', true],
          ['other', true],
        ],
      );
      const before = {basics: lib.get('basics')!, other: lib.get('other')!};
      await new Promise((r) => setTimeout(r, 20)); // a later mtime, and a later `compiled`

      const yaml = join(dir, 'basics', 'course.yaml');
      const original = readFileSync(yaml, 'utf8');
      writeFileSync(yaml, original.replace('title: ICT basics for managers', 'title: Edited title'));
      await until(() => lib.get('basics')?.course?.content.en?.title === 'Edited title', 'the edit');
      assert.notEqual(lib.get('basics')!.build, before.basics.build, 'a new build id for the new package');
      assert.equal(lib.get('other'), before.other, 'the other course was not recompiled');

      writeFileSync(yaml, original.replace('mastery: 0.6', 'mastery: 60'));
      const broken = await until(() => !lib.get('basics')?.course && lib.get('basics'), 'the compile error');
      const p = broken.problems.find((x) => x.file.endsWith('course.yaml'));
      assert.ok(p && p.line! > 0, JSON.stringify(broken.problems));

      writeFileSync(yaml, original);
      await until(() => lib.get('basics')?.course, 'compiling again');

      // course.yaml replaced by a rename, as `git checkout` does it
      const staged = join(dir, 'course.yaml.next');
      writeFileSync(staged, original.replace('title: ICT basics for managers', 'title: Checked out title'));
      renameSync(staged, yaml);
      await until(() => lib.get('basics')?.course?.content.en?.title === 'Checked out title', 'the replaced file');

      // a new assets/ folder: a lesson's missing image is there now
      rmSync(join(dir, 'basics', 'assets'), {recursive: true, force: true});
      await until(() => !lib.get('basics')?.course && lib.get('basics'), 'the missing image reported');
      mkdirSync(join(dir, 'basics', 'assets'));
      cpSync(join(FIXTURE, 'assets'), join(dir, 'basics', 'assets'), {recursive: true});
      await until(() => lib.get('basics')?.course, 'the new assets folder');
      writeFileSync(yaml, original);
      await until(() => lib.get('basics')?.course?.content.en?.title === 'ICT basics for managers', 'back');

      cpSync(FIXTURE, join(dir, 'third'), {recursive: true});
      const third = join(dir, 'third', 'course.yaml');
      writeFileSync(third, readFileSync(third, 'utf8').replace('id: basics', 'id: third'));
      await until(() => lib.get('third')?.course, 'the new course');
      rmSync(join(dir, 'other'), {recursive: true, force: true});
      await until(() => !lib.get('other'), 'the removed course gone');
    } finally {
      lib.close();
      rmSync(dir, {recursive: true, force: true});
    }
  });
}
