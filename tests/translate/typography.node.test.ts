// French typography in translations: a narrow no-break space (U+202F) before ; : ! ? and inside « ».
import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {compileCourse} from '../../src/compile/index.js';
import {fixTypography, typographyProblems} from '../../src/translate/typography.js';
import {removeTempDirs} from '../package/helpers.js';
import {copyOfCourse} from './helpers.js';

const N = '\u202F';
let dir: string;
before(async () => {
  ({dir} = await copyOfCourse());
});
after(removeTempDirs);

describe('French typography', () => {
  it('finds a plain space or none before ; : ! ? and inside « », and nothing in the right text', () => {
    const wrong = 'Trois buts : réduire ; partager! Pourquoi ? Le « Réseau TIC» compte.';
    assert.deepEqual(
      typographyProblems('fr', wrong).map((p) => p.message.slice(0, 3)),
      ['":"', '";"', '"!"', '"?"', '"«"', '"»"'],
    );
    const right = fixTypography('fr', wrong);
    assert.equal(right, `Trois buts${N}: réduire${N}; partager${N}! Pourquoi${N}? Le «${N}Réseau TIC${N}» compte.`);
    assert.deepEqual(typographyProblems('fr', right), []);
    assert.equal(fixTypography('fr', right), right, 'idempotent');
    for (const fine of ['À 10:30, voir https://unsystem.org/ict et A/60/323.', 'Le **CCS**', '`a:b`'])
      assert.deepEqual(typographyProblems('fr', fine), [], fine);
    assert.deepEqual(typographyProblems('en', 'Three aims : one'), [], 'French rules only');
  });

  it('the released French course follows them; a text that does not is a warning at its line', async () => {
    const warnings = async () => {
      const r = await compileCourse(dir);
      assert.ok(r.ok);
      return r.warnings.filter((w) => w.code === 'typography');
    };
    assert.deepEqual(await warnings(), []);
    const file = join(dir, 'fr/lessons/04-coordination.md');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace(`trois\nbuts${N}:`, 'trois\nbuts :'));
    const found = await warnings();
    assert.equal(found.length, 1);
    assert.match(found[0]!.file, /fr\/lessons\/04-coordination\.md$/);
    assert.equal(found[0]!.line, 12);
    assert.match(
      found[0]!.message,
      /^":" takes a narrow no-break space \(U\+202F\) before it, not a plain space: ".*trois buts :"/,
    );
  });
});
