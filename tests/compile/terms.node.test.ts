/**
 * The learner's glossary (src/compile/terms.ts): a course's own terms and the shared ones in `_terms/`, a term
 * marked in a lesson made into a button that discloses its definition, the glossary of each language, and every
 * misuse with its place.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {compileCourse, formatProblem} from '../../src/compile/index.js';
import type {CompileResult} from '../../src/compile/index.js';
import {readSegmentFiles} from '../../src/translate/segments.js';
import {cleanup, expectProblem, lineOf, makeCourse} from './helpers.js';

after(cleanup);

const SHARED_EN = `ceb:
  term: Chief Executives Board for Coordination (CEB)
  definition: The body where the heads of the **UN system** organizations coordinate their work.
ict:
  term: information and communication technologies (ICT)
  definition: Computers, networks, software and the services built on them.
`;
const SHARED_FR = `ceb:
  term: Conseil des chefs de secrétariat pour la coordination (CCS)
  definition: L'organe où les chefs de secrétariat des organismes coordonnent leur action.
`;
const OWN_EN = `shared-service:
  term: shared service
  definition: A service one organization runs for several others, which share its cost.
`;
const OWN_FR = `shared-service:
  term: service commun
  definition: Un service qu'une organisation assure pour plusieurs autres, qui en partagent le coût.
`;
const USE_EN = '\nThe [CEB](term:ceb) asked for a [shared service](term:shared-service).\n';
const USE_FR = '\nLe [CCS](term:ceb) a demandé un [service commun](term:shared-service).\n';

async function compileWith(edits: Parameters<typeof makeCourse>[0]): Promise<{dir: string; r: CompileResult}> {
  const dir = makeCourse({
    '../_terms/en.yaml': SHARED_EN,
    '../_terms/fr.yaml': SHARED_FR,
    'glossary.yaml': OWN_EN,
    'fr/glossary.yaml': OWN_FR,
    ...edits,
  });
  return {dir, r: await compileCourse(dir)};
}

function ok(r: CompileResult): Extract<CompileResult, {ok: true}> {
  if (!r.ok) assert.fail(r.problems.map(formatProblem).join('\n'));
  return r;
}

const html = (r: CompileResult, lang: string) =>
  ok(r)
    .course.content[lang]!.lessons[0]!.blocks.map((b) => (b.type === 'html' ? b.html : ''))
    .join('\n');

describe('terms', () => {
  it('makes a marked term a button that discloses its definition, in each language', async () => {
    const {r} = await compileWith({
      'lessons/01-welcome.md': (old) => old + USE_EN,
      'fr/lessons/01-welcome.md': (old) => old + USE_FR,
    });
    const en = html(r, 'en');
    assert.match(
      en,
      /<button type="button" class="term" aria-expanded="false">CEB<\/button><span class="term-def" hidden>The body where the heads of the <strong>UN system<\/strong> organizations coordinate their work\.<\/span>/,
    );
    assert.match(
      en,
      /class="term" aria-expanded="false">shared service<\/button><span class="term-def" hidden>A service/,
    );
    assert.ok(!en.includes('term:'), 'no term: link is left');
    const fr = html(r, 'fr');
    assert.match(fr, />CCS<\/button><span class="term-def" hidden>L'organe où/);
  });

  it("lists in each language's glossary the course's terms and the shared ones it uses, alphabetically", async () => {
    const {r} = await compileWith({
      'lessons/01-welcome.md': (old) => old + USE_EN,
      'fr/lessons/01-welcome.md': (old) => old + USE_FR,
    });
    const c = ok(r).course;
    assert.deepEqual(
      c.content.en!.glossary!.map((g) => [g.id, g.term]),
      [
        ['ceb', 'Chief Executives Board for Coordination (CEB)'],
        ['shared-service', 'shared service'],
      ],
      'the unused shared term (ict) is left out',
    );
    assert.deepEqual(
      c.content.fr!.glossary!.map((g) => g.term),
      ['Conseil des chefs de secrétariat pour la coordination (CCS)', 'service commun'],
    );
    assert.match(c.content.en!.glossary![0]!.definition, /<strong>UN system<\/strong>/);
  });

  it('stops the build, with the place, for a term not defined, one defined twice, an entry without a definition', async () => {
    const undefinedTerm = await compileWith({
      'lessons/01-welcome.md': (old) => old + '\nAsk the [service](term:shared-servic) desk.\n',
    });
    const u = expectProblem(undefinedTerm.r, 'undefined-term', undefinedTerm.dir, 'lessons/01-welcome.md');
    assert.equal(u.line, lineOf(undefinedTerm.dir, 'lessons/01-welcome.md', 'term:shared-servic'));
    assert.match(formatProblem(u), /The term `shared-servic` is not defined.*\n.*Did you mean `shared-service`\?/);

    const twice = await compileWith({'glossary.yaml': OWN_EN + SHARED_EN.split('ict:')[0]});
    const t = expectProblem(twice.r, 'duplicate-term', twice.dir, 'glossary.yaml');
    assert.match(formatProblem(t), /also defined in .*_terms\/en\.yaml/);

    const bare = await compileWith({'glossary.yaml': 'shared-service:\n  term: shared service\n'});
    const b = expectProblem(bare.r, 'term-invalid', bare.dir, 'glossary.yaml');
    assert.match(formatProblem(b), /has no definition/);
  });

  it("stops the build where a translation leaves out one of the course's terms or one a lesson uses", async () => {
    const untranslated = await compileWith({'fr/glossary.yaml': null});
    const m = expectProblem(untranslated.r, 'translation-missing', untranslated.dir, 'fr/glossary.yaml');
    assert.match(formatProblem(m), /The term `shared-service` has no fr translation/);

    const sharedMissing = await compileWith({
      '../_terms/fr.yaml': 'other:\n  term: autre\n  definition: Autre chose.\n',
      'lessons/01-welcome.md': (old) => old + USE_EN,
      'fr/lessons/01-welcome.md': (old) => old + USE_FR,
    });
    const s = expectProblem(sharedMissing.r, 'translation-missing', sharedMissing.dir, 'fr/lessons/01-welcome.md');
    assert.match(formatProblem(s), /The term `ceb` has no fr definition[\s\S]*_terms\/fr\.yaml/);
  });

  it("gives translators the course's terms and definitions", async () => {
    const dir = makeCourse({'glossary.yaml': OWN_EN});
    const units = (await readSegmentFiles(dir))
      .filter((f) => f.id === 'glossary')
      .flatMap((f) => f.segments.map((s) => `${s.unit}=${s.text.trim()}`));
    assert.deepEqual(units, [
      'shared-service.term=shared service',
      'shared-service.definition=A service one organization runs for several others, which share its cost.',
    ]);
  });
});
