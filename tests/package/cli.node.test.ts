// The `ict` command as a script runs it: a child process, its exit code, what it prints and what it leaves on disk.
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {FORMATS} from '../../src/package/formats.js';
import type {Release} from '../../src/package/release.js';
import {BASICS, compiled, copyFixtures, edit, FIXTURES, ict, listFiles, removeTempDirs, tempDir} from './helpers.js';

let tmp: string;
/** the output folder of the first full run (reused by later tests that only need a package) */
let packaged = '';
before(async () => {
  tmp = await tempDir('ict-cli-test-');
});
after(removeTempDirs);

async function release(out: string): Promise<Release> {
  return JSON.parse(await readFile(join(out, 'release.json'), 'utf8')) as Release;
}

describe('ict package', () => {
  it('packages every course of the folder in every format, twice with the same bytes', async () => {
    const [a, b] = [join(tmp, 'a'), join(tmp, 'b')];
    // two independent processes at the same time (the players are built by each, from the same sources)
    const [first, second] = await Promise.all([
      ict(['package', '--courses', FIXTURES, '--out', a]),
      ict(['package', '--courses', FIXTURES, '--out', b]),
    ]);
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);

    packaged = a;
    const ra = await release(a);
    assert.deepEqual(
      ra.packages.map((p) => p.file),
      FORMATS.map((f) => `basics-1.0.0-${f}.zip`),
    );
    for (const p of ra.packages) {
      const zip = await readFile(join(a, p.file));
      assert.equal(p.bytes, zip.byteLength, p.file);
      assert.equal(p.sha256, createHash('sha256').update(zip).digest('hex'), p.file);
      assert.equal(p.course, 'basics');
      assert.equal(p.version, '1.0.0');
      assert.ok(p.files.includes('index.html') && p.files.includes('course.json'), p.file);
    }
    assert.deepEqual(
      (await release(b)).packages.map((p) => p.sha256),
      ra.packages.map((p) => p.sha256),
      'byte-identical zips from the same sources',
    );
    assert.deepEqual(
      await listFiles(a),
      [...ra.packages.map((p) => p.file), 'release.json'].sort(),
      'no temporary files left',
    );
    // the table, and no progress display when stdout is not a terminal
    assert.match(first.stdout, /course\s+version\s+format\s+size\s+files\s+sha256/);
    assert.match(first.stdout, /basics\s+1\.0\.0\s+scorm2004\s+[\d.]+ KB/);
    assert.match(first.stdout, /7 packages in [\d.]+ s/);
    // no carriage return, no ANSI escape: the output is plain lines in a CI log
    assert.ok(!first.stdout.includes('\r') && !first.stdout.includes('\u001b['));
  });

  it('picks courses and formats', async () => {
    const out = join(tmp, 'picked');
    const r = await ict([
      'package',
      '--courses',
      FIXTURES,
      '--course',
      'basics',
      '--format',
      'scorm12',
      '--format',
      'cmi5',
      '--out',
      out,
    ]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(
      (await release(out)).packages.map((p) => p.format),
      ['scorm12', 'cmi5'],
    );
  });

  it('a failure while writing leaves no partial zip and no release.json', async () => {
    const out = join(tmp, 'stale');
    assert.equal((await ict(['package', '--courses', FIXTURES, '--format', 'web,xapi', '--out', out])).code, 0);
    assert.ok(existsSync(join(out, 'release.json')));
    // the second zip's name is taken by a folder: the run fails after writing the first zip
    await rm(join(out, 'basics-1.0.0-xapi.zip'));
    await mkdir(join(out, 'basics-1.0.0-xapi.zip', 'in-the-way'), {recursive: true});
    const r = await ict(['package', '--courses', FIXTURES, '--format', 'web,xapi', '--out', out]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /Cannot write to the output folder/);
    assert.ok(!existsSync(join(out, 'release.json')), 'no release.json claiming what was not written');
    assert.deepEqual(await listFiles(out), [
      'basics-1.0.0-web.zip',
      'basics-1.0.0-xapi.zip',
      'basics-1.0.0-xapi.zip/in-the-way',
    ]);
  });
});

describe('bad input: a clear error, the exit code, nothing written', {concurrency: true}, () => {
  const cases: {
    name: string;
    code: number;
    message: RegExp[];
    args: (courses: string) => string[];
    prepare?: (courses: string) => Promise<void>;
  }[] = [
    {
      name: 'an unknown course id',
      code: 2,
      message: [/Unknown course `basic`/, /Did you mean `basics`\?/],
      args: (c) => ['--courses', c, '--course', 'basic'],
    },
    {
      name: 'an unknown format',
      code: 2,
      message: [
        /Unknown format `scorm3`/,
        /Formats: `scorm12`, `scorm2004`, `scorm2004-3rd`, `aicc`, `xapi`, `cmi5`, `web`/,
      ],
      args: (c) => ['--courses', c, '--format', 'scorm3'],
    },
    {
      name: 'an unknown option',
      code: 2,
      message: [/Unknown option '--formats'/, /ict help/],
      args: (c) => ['--courses', c, '--formats', 'web'],
    },
    {
      name: 'a courses folder that does not exist',
      code: 2,
      message: [/does not exist/, /--courses DIR/],
      args: (c) => ['--courses', join(c, 'nowhere')],
    },
    {
      name: 'an invalid version',
      code: 1,
      message: [/basics\/course\.yaml:3(:\d+)?: .*version/i, /invalid-version/],
      args: (c) => ['--courses', c],
      prepare: (c) => edit(join(c, 'basics', 'course.yaml'), /^version: 1\.0\.0$/m, 'version: 1.0'),
    },
    {
      name: 'a course that does not compile (every problem, with file:line)',
      code: 1,
      message: [
        /basics\/course\.yaml:\d+(:\d+)?: .*mastery/i,
        /basics\/assessment\.yaml:\d+(:\d+)?: /,
        /\d+ problems in the course sources: nothing packaged/,
      ],
      args: (c) => ['--courses', c],
      prepare: async (c) => {
        await edit(join(c, 'basics', 'course.yaml'), /^mastery: 0\.6$/m, 'mastery: 60');
        await edit(join(c, 'basics', 'assessment.yaml'), /correct: true/, 'correct: maybe');
      },
    },
    {
      name: 'an asset over the size limit the course sets',
      code: 1,
      message: [/offices\.svg/, /max-asset-kb/],
      args: (c) => ['--courses', c],
      prepare: async (c) => {
        const yaml = join(c, 'basics', 'course.yaml');
        await writeFile(yaml, `${await readFile(yaml, 'utf8')}max-asset-kb: 1\n`);
        const svg = join(c, 'basics', 'assets', 'offices.svg');
        const text = await readFile(svg, 'utf8');
        await writeFile(svg, text.replace('</svg>', `<!-- ${'padding '.repeat(200)}--></svg>`));
      },
    },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const courses = await copyFixtures();
      await c.prepare?.(courses);
      const out = join(tmp, `bad-${cases.indexOf(c)}`);
      const r = await ict(['package', ...c.args(courses), '--out', out]);
      assert.equal(r.code, c.code, `exit code\n${r.stderr}`);
      for (const m of c.message) assert.match(r.stderr, m);
      assert.ok(!existsSync(out), `nothing written: ${(await listFiles(out)).join(', ')}`);
      await rm(courses, {recursive: true, force: true});
    });
  }

  it('an output folder that cannot be written', async () => {
    const file = join(tmp, 'a-file');
    await writeFile(file, 'not a folder');
    const r = await ict(['package', '--courses', FIXTURES, '--out', join(file, 'packages')]);
    assert.equal(r.code, 3, r.stderr);
    assert.match(r.stderr, /Cannot write to the output folder .*a-file\/packages/);
    assert.match(r.stderr, /--out/);
    assert.equal(await readFile(file, 'utf8'), 'not a folder');
  });

  it('an unknown command', async () => {
    const r = await ict(['pakage']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /Unknown command `pakage`. Did you mean `package`\?/);
  });
});

describe('ict build and ict validate', {concurrency: true}, () => {
  it('build writes each compiled course as JSON', async () => {
    const out = join(tmp, 'courses-json');
    const r = await ict(['build', '--courses', FIXTURES, '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(await readFile(join(out, 'basics.json'), 'utf8')), await compiled(BASICS));
    assert.deepEqual(await listFiles(out), ['basics.json']);
  });

  it('build prints every problem and writes nothing', async () => {
    const courses = await copyFixtures();
    await edit(join(courses, 'basics', 'course.yaml'), /^mastery: 0\.6$/m, 'mastery: 60');
    const out = join(tmp, 'courses-bad');
    const r = await ict(['build', '--courses', courses, '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /course\.yaml:\d+(:\d+)?: .*\[mastery-range\]/);
    assert.ok(!existsSync(out));
    await rm(courses, {recursive: true, force: true});
  });

  it('validate: 0 for a good package, 1 for a broken one, 2 for a missing path', async () => {
    const out = packaged || join(tmp, 'for-validate');
    if (!packaged)
      assert.equal((await ict(['package', '--courses', FIXTURES, '--format', 'scorm12', '--out', out])).code, 0);
    const good = await ict(['validate', join(out, 'basics-1.0.0-scorm12.zip')]);
    assert.equal(good.code, 0, good.stdout);
    assert.match(good.stdout, /scorm12, \d+ files\n {2}ok/);

    const folder = join(tmp, 'broken-package');
    await mkdir(folder, {recursive: true});
    await writeFile(
      join(folder, 'cmi5.xml'),
      '<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd"><course id="x"/></courseStructure>',
    );
    const bad = await ict(['validate', folder]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /error: cmi5\.xml(:\d+)?: Not valid against the schema/);
    assert.match(bad.stdout, /an LMS would reject this package/);

    const missing = await ict(['validate', join(tmp, 'nothing-here.zip')]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /does not exist/);
  });
});
