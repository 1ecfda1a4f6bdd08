// XLIFF 2.0 for translators: `ict translate export` and `import` on a copy of ict-strategy (en, fr, es, ar).
import assert from 'node:assert/strict';
import {readdir, readFile, rename, rm, writeFile} from 'node:fs/promises';
import {join, relative} from 'node:path';
import {after, before, describe, it} from 'node:test';
import js2xliff from 'xliff/js2xliff';
import xliff2js from 'xliff/xliff2js';
import {compileCourse} from '../../src/compile/index.js';
import {exportXliff, importXliff, TranslateError, type XliffDocument} from '../../src/translate/xliff.js';
import {ict, removeTempDirs} from '../package/helpers.js';
import {copyOfCourse, ID} from './helpers.js';

let root: string;
let dir: string;

before(async () => {
  ({root, dir} = await copyOfCourse());
});
after(removeTempDirs);

/** Every file under `d`, path → bytes. */
async function snapshot(d: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(d, {recursive: true, withFileTypes: true}))
    if (e.isFile()) out.set(relative(d, join(e.parentPath, e.name)), await readFile(join(e.parentPath, e.name)));
  return out;
}

async function compiled() {
  const r = await compileCourse(dir);
  assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => `${p.file}:${p.line} ${p.message}`).join('\n'));
  return r.course;
}

describe('ict translate export and import', () => {
  it('exports every text of ict-strategy with its French target and place, the same way twice', async () => {
    const xml = await exportXliff(dir, ID, 'fr');
    assert.equal(await exportXliff(dir, ID, 'fr'), xml, 'stable output');
    assert.match(
      xml,
      /^<xliff xmlns="urn:oasis:names:tc:xliff:document:2\.0" version="2\.0" srcLang="en" trgLang="fr">/,
    );
    const doc = await xliff2js(xml);
    const files = Object.keys(doc.resources);
    assert.deepEqual(files.slice(0, 2), [`${ID}:course`, `${ID}:assessment`]);
    assert.equal(files.filter((f) => f.startsWith(`${ID}:lesson.`)).length, 4);
    const units = Object.values(doc.resources).flatMap((f) => Object.entries(f));
    assert.equal(units.length, 275);
    assert.ok(units.every(([, u]) => u.source && u.target && /^[\w/.-]+:\d+ \(\w+\)$/.test(u.note ?? '')));
    const course = doc.resources[`${ID}:course`]!;
    assert.equal(course.title!.target, 'Les TIC, outil stratégique');
    assert.equal(course.title!.note, 'course.yaml:3 (title)');
    const q = doc.resources[`${ID}:assessment`]!['q-budget-cut.options.1.feedback']!;
    assert.match(q.source!, /^No\. The resolution affirmed/);
    assert.match(q.target!, /^Non\. La résolution a affirmé/);
    const decision = doc.resources[`${ID}:lesson.alignment`]!['align-dashboard.options.2.consequence']!;
    assert.match(decision.target!, /^Vous évitez un système en double/);
    // a paragraph reads as one line (the file's wrapping is not the translator's business)
    const paragraph = doc.resources[`${ID}:lesson.why-ict`]!.b3!;
    assert.ok(!paragraph.source!.includes('\n') && paragraph.source!.length > 200);
  });

  for (const lang of ['fr', 'ar']) {
    it(`${lang}: export then import with no change leaves every byte of the course as it was`, async () => {
      const before = await snapshot(dir);
      const r = await importXliff(root, await exportXliff(dir, ID, lang));
      assert.deepEqual(r.written, []);
      assert.equal(r.changed, 0);
      assert.equal(r.untranslated, 0);
      assert.deepEqual(await snapshot(dir), before);
    });
  }

  it('rewrites only the texts a translator changed, and the course compiles with them', async () => {
    const doc = await xliff2js(await exportXliff(dir, ID, 'fr'));
    const set = (file: string, unit: string, text: string) => (doc.resources[`${ID}:${file}`]![unit]!.target = text);
    const description =
      'Une description nouvelle, assez longue pour être repliée sur plusieurs lignes dans le fichier YAML de la traduction.';
    set('course', 'description', description);
    set('assessment', 'q-budget-cut.options.1.feedback', 'Non : la résolution ne protège pas les budgets.');
    set('lesson.why-ict', 'b3', 'Un paragraphe nouveau.');
    set('lesson.alignment', 'align-dashboard.options.2.consequence', 'Attendre : ce n’est pas aligner.');
    const beforeFiles = await snapshot(dir);
    const r = await importXliff(root, await js2xliff(doc, {indent: '  '}));
    assert.deepEqual(r.written.sort(), [
      'fr/assessment.yaml',
      'fr/course.yaml',
      'fr/lessons/01-why-ict.md',
      'fr/lessons/03-alignment.md',
    ]);
    assert.equal(r.changed, 4);
    const afterFiles = await snapshot(dir);
    for (const [path, bytes] of beforeFiles)
      if (!r.written.includes(path)) assert.deepEqual(afterFiles.get(path), bytes, `${path} untouched`);
    // the lines around a changed text are as they were
    const lesson = (await readFile(join(dir, 'fr/lessons/01-why-ict.md'), 'utf8')).split('\n');
    const old = beforeFiles.get('fr/lessons/01-why-ict.md')!.toString().split('\n');
    assert.deepEqual(lesson.slice(0, 11), old.slice(0, 11));
    assert.equal(lesson[11], 'Un paragraphe nouveau.');
    assert.deepEqual(lesson.slice(12), old.slice(16));

    const course = await compiled();
    const fr = course.content.fr!;
    assert.equal(fr.description, description);
    assert.match(fr.lessons[0]!.blocks.map((b) => ('html' in b ? b.html : '')).join(''), /Un paragraphe nouveau\./);
    const q = fr.assessment!.questions.find((x) => x.id === 'q-budget-cut')!;
    assert.equal(q.options[1]!.feedback, 'Non : la résolution ne protège pas les budgets.');
  });

  it('finds a translated lesson by its id when its file has a name of its own', async () => {
    await rename(join(dir, 'ar/lessons/02-framework.md'), join(dir, 'ar/lessons/02-itar.md'));
    const doc = await xliff2js(await exportXliff(dir, ID, 'ar'));
    const unit = doc.resources[`${ID}:lesson.framework`]!.title!;
    assert.ok(unit.target);
    unit.target = `${unit.target} (2)`;
    const r = await importXliff(root, await js2xliff(doc, {indent: '  '}));
    assert.deepEqual(r.written, ['ar/lessons/02-itar.md']);
    assert.match(await readFile(join(dir, 'ar/lessons/02-itar.md'), 'utf8'), /^title: .* \(2\)$/m);
    await compiled();
  });

  it('makes a new language from a complete XLIFF: the course compiles in it', async () => {
    // the copy without its Spanish, as before a translator's first delivery
    const yaml = join(dir, 'course.yaml');
    await rm(join(dir, 'es'), {recursive: true, force: true});
    await writeFile(yaml, (await readFile(yaml, 'utf8')).replace(/^languages: .*$/m, 'languages: [en, fr, ar]'));
    const doc = await xliff2js(await exportXliff(dir, ID, 'es'));
    assert.ok(Object.values(doc.resources).every((f) => Object.values(f).every((u) => u.target === undefined)));
    for (const f of Object.values(doc.resources)) for (const u of Object.values(f)) u.target = `ES ${u.source}`;
    const r = await importXliff(root, await js2xliff(doc, {indent: '  '}));
    assert.equal(r.changed, 275);
    assert.deepEqual(r.written.sort(), [
      'es/assessment.yaml',
      'es/course.yaml',
      'es/glossary.yaml',
      'es/lessons/01-why-ict.md',
      'es/lessons/02-framework.md',
      'es/lessons/03-alignment.md',
      'es/lessons/04-coordination.md',
      'es/translated-from.yaml',
    ]);
    await writeFile(
      yaml,
      (await readFile(yaml, 'utf8')).replace('languages: [en, fr, ar]', 'languages: [en, fr, ar, es]'),
    );
    const es = (await compiled()).content.es!;
    assert.match(es.title, /^ES ICT as a strategic tool$/);
    assert.ok(es.assessment!.questions.every((q) => q.prompt.startsWith('ES ') || q.prompt.includes('ES ')));
    assert.ok(
      es.glossary!.some((g) => g.term === 'ES priority initiatives'),
      "the course's terms in the new language",
    );
  });

  it('refuses an XLIFF it cannot place, and writes nothing', async () => {
    const before = await snapshot(dir);
    const doc: XliffDocument = await xliff2js(await exportXliff(dir, ID, 'fr'));
    doc.resources[`${ID}:course`]!['no-such-text'] = {source: 'x', target: 'y'};
    await assert.rejects(importXliff(root, await js2xliff(doc, {indent: '  '})), (e: unknown) => {
      assert.ok(e instanceof TranslateError);
      assert.match(e.message, /unit no-such-text of <file id="ict-strategy:course"> is not a segment of ict-strategy/);
      return true;
    });
    const noLang = {...doc, targetLanguage: undefined};
    await assert.rejects(importXliff(root, await js2xliff(noLang, {indent: '  '})), /names no target language/);
    await assert.rejects(importXliff(root, '<html></html>'), TranslateError);
    assert.deepEqual(await snapshot(dir), before);
  });

  it('the ict command: export to a file, import it, say what changed', async () => {
    const file = join(root, 'out.xlf');
    const exported = await ict([
      'translate',
      'export',
      '--courses',
      root,
      '--course',
      ID,
      '--lang',
      'ar',
      '--out',
      file,
    ]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.match(exported.stdout, /out\.xlf: 275 units, 275 with a ar target, 0 to translate\./);
    const imported = await ict(['translate', 'import', file, '--courses', root]);
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /ict-strategy ar: 0 texts changed in 0 files; 0 units without a target\./);
    const unknown = await ict(['translate', 'export', '--courses', root, '--course', 'ict-strateg', '--lang', 'ar']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no course `ict-strateg`.*ict-strategy/s);
  });
});
