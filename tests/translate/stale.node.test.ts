// Stale translations: an English text changed after its translation was made is reported at the translated text,
// sent back for review by `ict translate export`, and refused by `ict package --strict-translations`.
import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {compileCourse, type Problem} from '../../src/compile/index.js';
import {exportXliff, importXliff} from '../../src/translate/xliff.js';
import {ict, removeTempDirs} from '../package/helpers.js';
import {copyOfCourse, ID} from './helpers.js';

let root: string;
let dir: string;

before(async () => {
  ({root, dir} = await copyOfCourse());
});
after(removeTempDirs);

async function stale(): Promise<Problem[]> {
  const r = await compileCourse(dir);
  assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => p.message).join('\n'));
  return r.warnings.filter((w) => w.code === 'stale-translation');
}

async function edit(file: string, from: string | RegExp, to: string): Promise<void> {
  const text = await readFile(join(dir, file), 'utf8');
  const next = text.replace(from, to);
  assert.notEqual(next, text, `${file} changed`);
  await writeFile(join(dir, file), next);
}

const at = (p: Problem) => `${p.file.slice(dir.length + 1)}:${p.line}`;

describe('stale translations', () => {
  it('the courses as released have none: every translation was made from the English it shows', async () => {
    assert.deepEqual(await stale(), []);
  });

  it('an English text changed after translation is a warning at each translated text, naming the new English', async () => {
    await edit('course.yaml', /^title: ICT as a strategic tool$/m, 'title: ICT as a strategic tool for managers');
    await edit('lessons/01-why-ict.md', /^Most managers meet/m, 'Many managers meet');
    const found = await stale();
    assert.deepEqual(found.map(at).sort(), [
      'ar/course.yaml:1',
      'ar/lessons/01-why-ict.md:5',
      'es/course.yaml:1',
      'es/lessons/01-why-ict.md:5',
      'fr/course.yaml:1',
      'fr/lessons/01-why-ict.md:5',
      'ru/course.yaml:1',
      'ru/lessons/01-why-ict.md:5',
      'zh/course.yaml:1',
      'zh/lessons/01-why-ict.md:5',
    ]);
    const title = found.find((p) => at(p) === 'fr/course.yaml:1')!;
    assert.match(title.message, /course\.yaml:3 now reads "ICT as a strategic tool for managers"/);
    assert.match(title.hint!, /ict translate export --course ict-strategy --lang fr/);
    assert.match(
      found.find((p) => at(p) === 'fr/lessons/01-why-ict.md:5')!.message,
      /01-why-ict\.md:5 now reads "Many/,
    );
  });

  it('the export marks exactly those units for review; importing them unreviewed keeps them stale', async () => {
    const xml = await exportXliff(dir, ID, 'fr');
    const initial = [...xml.matchAll(/<unit id="([^"]+)">(?:(?!<\/unit>)[\s\S])*?<segment state="initial">/g)].map(
      (m) => m[1],
    );
    assert.deepEqual(initial, ['title', 'b1']);
    assert.equal((xml.match(/<segment state="translated">/g) ?? []).length, 273);
    const r = await importXliff(root, xml);
    assert.deepEqual(r.written, [], 'nothing changed, nothing recorded');
    assert.equal((await stale()).length, 10);
  });

  it('package --strict-translations refuses a stale translation with its place; without it, a warning', async () => {
    const args = ['package', '--courses', root, '--format', 'web', '--out'];
    const strict = await ict([...args, join(root, 'strict'), '--strict-translations']);
    assert.equal(strict.code, 1, strict.stdout);
    assert.match(strict.stderr, /fr\/course\.yaml:1:1: The English of this text changed after it was translated/);
    assert.match(strict.stderr, /10 problems in the course sources: nothing packaged/);
    const lenient = await ict([...args, join(root, 'lenient')]);
    assert.equal(lenient.code, 0, lenient.stderr);
    assert.match(lenient.stderr, /warning: .*fr\/course\.yaml:1:1: .*\[stale-translation\]/);
  });

  it('a translator who reviews the text (new target, or the old one confirmed) makes it current', async () => {
    for (const lang of ['fr', 'es', 'ru', 'zh', 'ar']) {
      let xml = await exportXliff(dir, ID, lang);
      // the title gets a new translation; the paragraph is confirmed as it is
      xml = xml.replace(/(<unit id="title">[\s\S]*?<target>)([^<]*)(<\/target>)/, '$1$2 (cadres)$3');
      xml = xml.replaceAll('<segment state="initial">', '<segment state="reviewed">');
      const r = await importXliff(root, xml);
      assert.deepEqual(r.written.sort(), [`${lang}/course.yaml`, `${lang}/translated-from.yaml`]);
    }
    assert.deepEqual(await stale(), []);
    assert.match(
      await readFile(join(dir, 'fr/course.yaml'), 'utf8'),
      /^title: Les TIC, outil stratégique \(cadres\)$/m,
    );
  });
});
