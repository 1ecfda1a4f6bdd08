// The terminology of each language (courses/_glossary/<lang>.yaml): a translated text whose English uses a glossed
// term must use the official term, or the build warns at the translated text.
import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {compileAll, compileCourse, type Problem} from '../../src/compile/index.js';
import {readGlossary} from '../../src/translate/glossary.js';
import {removeTempDirs} from '../package/helpers.js';
import {COURSES, copyOfCourse, ID} from './helpers.js';

let root: string;
let dir: string;

before(async () => {
  ({root, dir} = await copyOfCourse(true));
});
after(removeTempDirs);

async function glossaryWarnings(): Promise<Problem[]> {
  const r = await compileCourse(dir);
  assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => p.message).join('\n'));
  return r.warnings.filter((w) => w.code.startsWith('glossary-'));
}

async function edit(file: string, from: string, to: string): Promise<void> {
  const text = await readFile(join(root, file), 'utf8');
  assert.ok(text.includes(from), `${file} has ${from}`);
  await writeFile(join(root, file), text.replace(from, to));
}

const at = (p: Problem) => `${p.file.slice(root.length + 1)}:${p.line}`;

describe('the glossaries', () => {
  it('French, Arabic, Spanish, Russian and Chinese exist and read whole, and the released translations use their terms', async () => {
    for (const lang of ['fr', 'ar', 'es', 'ru', 'zh']) {
      const glossary = await readGlossary(COURSES, lang);
      assert.deepEqual(glossary?.problems, [], `${lang}: every entry read`);
      const text = await readFile(join(COURSES, '_glossary', `${lang}.yaml`), 'utf8');
      assert.match(text, /^General Assembly:/m);
      assert.match(text, /^Chief Executives Board:/m);
    }
    assert.deepEqual(await glossaryWarnings(), []);
  });

  it('a French text that names a body otherwise is a warning at its line, naming the term and the glossary line', async () => {
    await edit(
      `${ID}/fr/lessons/01-why-ict.md`,
      'du Conseil des chefs de secrétariat des',
      'du Conseil des chefs exécutifs des',
    );
    await edit(`${ID}/fr/lessons/01-why-ict.md`, 'coordination (CCS), où se', 'coordination, où se');
    const found = await glossaryWarnings();
    // the English names the Board in full and as CEB: both are missing from the French
    assert.deepEqual(found.map(at), [`${ID}/fr/lessons/01-why-ict.md:12`, `${ID}/fr/lessons/01-why-ict.md:12`]);
    const [ceb, board] = [/"CEB"/, /"Chief Executives Board"/].map((re) => found.find((w) => re.test(w.message))!);
    assert.match(ceb.message, /^The English says "CEB"; .* gives "CCS" or "Conseil des chefs de secrétariat"/);
    assert.equal(board.code, 'glossary-mismatch');
    assert.match(
      board.message,
      /^The English says "Chief Executives Board"; the fr glossary \(.*_glossary\/fr\.yaml:\d+\) gives "Conseil des chefs de secrétariat des organismes des Nations Unies pour la coordination" or "Conseil des chefs de secrétariat" or "CCS"/,
    );
  });

  it('an Arabic term after a preposition (للجمعية) or with short vowels still matches; a wrong one does not', async () => {
    await edit(`${ID}/ar/assessment.yaml`, 'في اللجنة الخامسة للجمعية العامة.', 'في اللجنةِ الخامسة للجمعيةِ العامة.');
    assert.deepEqual(
      (await glossaryWarnings()).filter((w) => w.file.includes('/ar/')),
      [],
    );
    await edit(`${ID}/ar/assessment.yaml`, 'للجمعيةِ العامة.', 'للهيئة العامة.');
    const found = (await glossaryWarnings()).filter((w) => w.file.includes('/ar/'));
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /The English says "General Assembly"/);
  });

  it('a word the glossary avoids for a term ("informatique" for ICT) is a warning where the English has the term', async () => {
    await edit(`${ID}/fr/lessons/01-why-ict.md`, 'propose un achat de TIC,', 'propose un achat informatique,');
    const found = (await glossaryWarnings()).filter((w) => /informatique/.test(w.message));
    assert.deepEqual(found.map(at), [`${ID}/fr/lessons/01-why-ict.md:43`] /* the list that holds it */);
    assert.match(
      found[0]!.message,
      /^The English says "ICT", which the fr glossary \(.*\) does not write "informatique"; this text does$/,
    );
    await edit(`${ID}/fr/lessons/01-why-ict.md`, 'propose un achat informatique,', 'propose un achat de TIC,');
  });

  it('an avoided word inside the official name of another term the English names is that name, not a lapse', async () => {
    await edit(
      `${ID}/lessons/01-why-ict.md`,
      'proposes an ICT purchase,',
      'proposes an ICT purchase to the Chief Information Technology Officer,',
    );
    const fr = `${ID}/fr/lessons/01-why-ict.md`;
    await edit(fr, 'propose un achat de TIC,', "propose un achat de TIC au Directeur général de l'informatique,");
    // the French list that holds the purchase (the earlier tests' edits, and the other languages, aside)
    const onList = async () => (await glossaryWarnings()).filter((w) => at(w) === `${fr}:43`);
    assert.deepEqual(await onList(), [], 'the title of the post is the official name');
    await edit(fr, 'un achat de TIC au', 'un achat informatique au');
    const found = await onList();
    assert.equal(found.length, 1, 'the same word outside the name is still a lapse');
    assert.match(found[0]!.message, /does not write "informatique"/);
    await edit(fr, "un achat informatique au Directeur général de l'informatique,", 'un achat de TIC,');
    await edit(
      `${ID}/lessons/01-why-ict.md`,
      'proposes an ICT purchase to the Chief Information Technology Officer,',
      'proposes an ICT purchase,',
    );
  });

  it('an entry without a translation is reported with its line; _glossary is not taken for a course', async () => {
    await writeFile(join(root, '_glossary', 'fr.yaml'), 'General Assembly: Assemblée générale\nHLCM:\n  also: [CHG]\n');
    const found = await glossaryWarnings();
    const invalid = found.filter((w) => w.code === 'glossary-invalid');
    assert.deepEqual(invalid.map(at), ['_glossary/fr.yaml:2']);
    assert.match(invalid[0]!.message, /"HLCM" has no translation/);
    const all = await compileAll(root);
    assert.deepEqual(
      all.warnings.filter((w) => w.code === 'unknown-file'),
      [],
    );
  });
});
