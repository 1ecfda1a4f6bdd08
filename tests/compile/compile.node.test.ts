import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import path from 'node:path';
import {copyFileSync, cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {compileAll, compileCourse, formatProblem} from '../../src/compile/index.js';
import type {CompiledCourse, DecisionBlock, SelfCheckBlock} from '../../src/course/types.js';
import {cleanup, FIXTURE, lineOf, makeCourse, replace} from './helpers.js';

after(cleanup);

async function compiled(dir: string): Promise<CompiledCourse> {
  const r = await compileCourse(dir);
  if (!r.ok) assert.fail(r.problems.map(formatProblem).join('\n'));
  return r.course;
}

describe('compileCourse: the fixture course', () => {
  it('compiles with its settings, lessons, blocks, questions, translation and assets', async () => {
    const r = await compileCourse(FIXTURE);
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
    assert.deepEqual(r.warnings, []);
    const c = r.course;
    assert.equal(c.schema, 1);
    assert.equal(c.id, 'basics');
    assert.equal(c.version, '1.0.0');
    assert.equal(c.iri, 'urn:ict-manager-training:course:basics');
    assert.deepEqual(c.languages, ['en', 'fr']);
    assert.deepEqual(c.settings, {
      masteryScore: 0.6,
      completion: 'lessons-and-pass',
      scorm12Report: 'passed-failed',
      failedIsIncomplete: false,
      scorm2004ExitRequest: 'none',
      maxAssetBytes: 2048 * 1024,
    });
    assert.deepEqual(c.assets, ['assets/offices.svg']);
    assert.ok(c.worstCaseStateLength > 50 && c.worstCaseStateLength <= 4096, String(c.worstCaseStateLength));

    const en = c.content.en!;
    assert.equal(en.title, 'ICT basics for managers');
    assert.match(en.description, /^A short course used by the project's own tests\. It shows every kind/);
    assert.deepEqual(en.objectives, ['Name what an ICT strategy is for', 'Decide when to share a service']);
    assert.deepEqual(
      en.lessons.map((l) => l.id),
      ['welcome', 'sharing', 'review'],
    );
    assert.deepEqual(
      en.lessons.map((l) => l.title),
      ['Welcome', 'Sharing services', 'Check your unit'],
    );
    for (const l of en.lessons) assert.equal(l.minutes, 1);

    const welcome = en.lessons[0].blocks;
    assert.equal(welcome.length, 1);
    assert.equal(welcome[0].type, 'html');
    const html = (welcome[0] as {html: string}).html;
    assert.match(html, /<strong>ICT strategy<\/strong>/);
    assert.match(html, /<img src="assets\/offices.svg" alt="A simple diagram of three linked offices"/);
    assert.match(html, /<aside class="key-points">\s*<ul>\s*<li>ICT is a means, not an end\.<\/li>/);

    const decision = en.lessons[1].blocks.find((b) => b.type === 'decision') as DecisionBlock;
    assert.equal(decision.id, 'share-email');
    assert.match(decision.prompt, /^<p>You head administration/);
    assert.deepEqual(
      decision.options.map((o) => o.id),
      ['a', 'b'],
    );
    assert.equal(decision.options[1].text, 'Ask a common service provider what it offers to UN organizations.');

    const check = en.lessons[2].blocks.find((b) => b.type === 'selfcheck') as SelfCheckBlock;
    assert.equal(check.id, 'unit-check');
    assert.deepEqual(check.scale, ['Not yet', 'Partly', 'Fully']);
    assert.deepEqual(
      check.items.map((i) => [i.id, i.area]),
      [
        ['plan', 'Planning'],
        ['budget', 'Planning'],
        ['owner', 'Decisions'],
      ],
    );
    assert.deepEqual(
      check.bands.map((b) => b.upTo),
      [0.4, 1],
    );

    const a = en.assessment!;
    assert.equal(a.draw, 3);
    assert.equal(a.attempts, 2);
    assert.equal(a.shuffle, false);
    assert.deepEqual(
      a.questions.map((q) => [q.id, q.type]),
      [
        ['q-purpose', 'single'],
        ['q-share', 'multiple'],
        ['q-volume', 'truefalse'],
        ['q-owner', 'single'],
      ],
    );
    assert.deepEqual(
      a.questions[1].options.map((o) => [o.id, o.correct]),
      [
        ['a', true],
        ['b', true],
        ['c', false],
      ],
    );
    const tf = a.questions[2];
    assert.deepEqual(
      tf.options.map((o) => [o.id, o.text, o.correct]),
      [
        ['true', '', true],
        ['false', '', false],
      ],
    );
    assert.equal(tf.options[0].feedback, 'Right. Fixed costs are spread over more partners.');
    assert.equal(a.questions[0].description, 'What is an ICT strategy for?');
    assert.equal(a.questions[0].prompt, '<p>What is an ICT strategy for?</p>');

    // minutes: lessons (3 x 1) + the questions drawn (3)
    assert.equal(c.minutes, 6);
  });

  it('takes the French text with the structure and correct answers of the default language', async () => {
    const c = await compiled(FIXTURE);
    const fr = c.content.fr!;
    assert.equal(fr.title, 'Notions de base des TIC pour les responsables');
    assert.equal(fr.objectives.length, 2);
    assert.deepEqual(
      fr.lessons.map((l) => l.id),
      ['welcome', 'sharing', 'review'],
    );
    assert.equal(fr.lessons[0].title, 'Bienvenue');
    const html = (fr.lessons[0].blocks[0] as {html: string}).html;
    assert.match(html, /stratégie informatique/);
    // fr/assets has no offices.svg: the course's assets/ is used
    assert.match(html, /src="assets\/offices.svg" alt="Un schéma simple de trois bureaux reliés"/);
    const decision = fr.lessons[1].blocks.find((b) => b.type === 'decision') as DecisionBlock;
    assert.deepEqual(
      decision.options.map((o) => o.id),
      ['a', 'b'],
    );
    assert.match(decision.prompt, /Vous dirigez/);
    const check = fr.lessons[2].blocks.find((b) => b.type === 'selfcheck') as SelfCheckBlock;
    assert.deepEqual(
      check.items.map((i) => i.id),
      ['plan', 'budget', 'owner'],
    );
    assert.equal(check.bands[1].label, 'Établi');
    const a = fr.assessment!;
    assert.deepEqual(
      a.questions.map((q) => [q.id, q.type, q.options.map((o) => o.correct)]),
      c.content.en!.assessment!.questions.map((q) => [q.id, q.type, q.options.map((o) => o.correct)]),
    );
    assert.equal(a.questions[0].options[0].text, "À servir les objectifs de l'organisation.");
    assert.equal(
      a.questions[2].options[1].feedback,
      'Non. Plus de partenaires répartissent davantage les coûts fixes.',
    );
    assert.equal(a.draw, 3);
  });

  it('isolates the Latin runs of a right-to-left text (document symbols, names), and only there', async () => {
    const dir = makeCourse({
      'course.yaml': replace('languages: [en, fr]', 'languages: [en, fr, ar]'),
      'fr/lessons/01-welcome.md': replace(
        'Ce cours bref',
        'Les documents A/59/563, A/60/323 et le réseau Digital and Technology Network. Ce cours bref',
      ),
    });
    cpSync(path.join(dir, 'fr'), path.join(dir, 'ar'), {recursive: true});
    const ar = path.join(dir, 'ar/lessons/01-welcome.md');
    writeFileSync(
      ar,
      readFileSync(ar, 'utf8').replace(
        /Les documents[^\n]*réseau Digital and Technology Network\./,
        'الوثيقتان A/59/563, A/60/323 وشبكة Digital and Technology Network، و**R&D** `A/60/692`.',
      ),
    );
    const q = path.join(dir, 'ar/assessment.yaml');
    writeFileSync(
      q,
      readFileSync(q, 'utf8').replace(
        /À quoi sert une stratégie informatique\S*\s?\?/,
        'ما الذي تقوله الوثيقة A/60/692؟',
      ),
    );
    const c = await compiled(dir);
    const html = (lang: string) => (c.content[lang]!.lessons[0].blocks[0] as {html: string}).html;
    assert.match(
      html('ar'),
      /الوثيقتان <bdi>A\/59\/563<\/bdi>, <bdi>A\/60\/323<\/bdi> وشبكة <bdi>Digital and Technology Network<\/bdi>، و<strong><bdi>R<\/bdi>&amp;<bdi>D<\/bdi><\/strong> <code>A\/60\/692<\/code>\./,
    );
    assert.match(c.content.ar!.assessment!.questions[0]!.prompt, /الوثيقة <bdi>A\/60\/692<\/bdi>؟/);
    // left-to-right languages are left as they are
    assert.match(html('fr'), /Les documents A\/59\/563, A\/60\/323 et le réseau Digital and Technology Network\./);
    for (const lang of ['en', 'fr']) assert.doesNotMatch(JSON.stringify(c.content[lang]), /<bdi>/);
  });

  it("uses a translation's own asset where it has one", async () => {
    const dir = makeCourse({});
    mkdirSync(path.join(dir, 'fr/assets'));
    copyFileSync(path.join(dir, 'assets/offices.svg'), path.join(dir, 'fr/assets/offices.svg'));
    const c = await compiled(dir);
    assert.match((c.content.fr!.lessons[0].blocks[0] as {html: string}).html, /src="fr\/assets\/offices.svg"/);
    assert.match((c.content.en!.lessons[0].blocks[0] as {html: string}).html, /src="assets\/offices.svg"/);
    assert.deepEqual(c.assets, ['assets/offices.svg', 'fr/assets/offices.svg']);
  });

  it('rewrites links to other lessons and to files in assets/', async () => {
    const dir = makeCourse({
      'assets/guide.pdf': '%PDF-1.4\n',
      'lessons/01-welcome.md': (s) =>
        `${s}\nSee [sharing](02-sharing.md), the [guide](../assets/guide.pdf) and [the UN](https://www.un.org/).\n`,
    });
    const c = await compiled(dir);
    const html = (c.content.en!.lessons[0].blocks[0] as {html: string}).html;
    assert.match(html, /<a href="#lesson\/sharing" data-lesson="sharing">sharing<\/a>/);
    assert.match(html, /<a href="assets\/guide.pdf">guide<\/a>/);
    assert.match(html, /<a href="https:\/\/www.un.org\/" target="_blank" rel="noopener noreferrer">the UN<\/a>/);
    assert.deepEqual(c.assets, ['assets/guide.pdf', 'assets/offices.svg']);
  });

  it('applies the defaults: iri, mastery, completion, languages, minutes from words', async () => {
    const words = Array.from({length: 1000}, (_, i) => `word${i}`).join(' ');
    const dir = makeCourse({
      'course.yaml': (s) =>
        s
          .replace(/^mastery:.*\n/m, '')
          .replace(/^completion:.*\n/m, '')
          .replace(/^languages:.*\n/m, '') + 'iri: https://example.org/courses/basics\n',
      'lessons/01-welcome.md': (s) => `${s}\n${words}\n`,
    });
    const c = await compiled(dir);
    assert.equal(c.iri, 'https://example.org/courses/basics');
    assert.equal(c.settings.masteryScore, 0.8);
    assert.equal(c.settings.completion, 'pass');
    assert.deepEqual(c.languages, ['en']);
    assert.deepEqual(Object.keys(c.content), ['en']);
    // ~1,030 words at 200 a minute
    assert.equal(c.content.en!.lessons[0].minutes, 5);
    assert.equal(c.minutes, 5 + 1 + 1 + 3);
  });

  it('cuts a question description to 250 characters of plain text', async () => {
    const long = `**Bold** start ${'and a long prompt '.repeat(30)}end`;
    const dir = makeCourse({'assessment.yaml': replace('prompt: What is an ICT strategy for?', `prompt: "${long}"`)});
    const c = await compiled(dir);
    const q = c.content.en!.assessment!.questions[0];
    assert.ok(q.description.length <= 250, String(q.description.length));
    assert.ok(q.description.startsWith('Bold start and a long prompt'), q.description);
    assert.ok(q.description.endsWith('…'));
    assert.match(q.prompt, /<strong>Bold<\/strong>/);
  });
});

describe('compileCourse: deterministic output', () => {
  it('gives deep-equal courses and the identical JSON string for the same sources', async () => {
    const a = await compiled(FIXTURE);
    const b = await compiled(FIXTURE);
    assert.deepEqual(a, b);
    assert.equal(JSON.stringify(a), JSON.stringify(b));
    // the same sources in another place on disk
    const c = await compiled(makeCourse({}));
    assert.equal(JSON.stringify(c), JSON.stringify(a));
  });

  it('keeps the keys in a stable order', async () => {
    const c = await compiled(FIXTURE);
    assert.deepEqual(Object.keys(c), [
      'schema',
      'id',
      'version',
      'iri',
      'minutes',
      'languages',
      'settings',
      'content',
      'assets',
      'worstCaseStateLength',
    ]);
    assert.deepEqual(Object.keys(c.content), ['en', 'fr']);
  });
});

describe('compileAll', () => {
  it('compiles every course folder in name order and reports the problems of all of them', async () => {
    const good = makeCourse({});
    const root = path.dirname(good);
    const bad = path.join(root, 'zz-broken');
    mkdirSync(bad);
    writeFileSync(path.join(bad, 'course.yaml'), 'id: zz-broken\nversion: 1.0\ntitle: Broken\ndescription: x\n');
    const r = await compileAll(root);
    assert.equal(r.ok, false);
    if (r.ok) return;
    const codes = r.problems.map((p) => `${path.relative(root, p.file)} ${p.code}`);
    assert.ok(codes.includes('zz-broken/course.yaml invalid-version'), codes.join('\n'));
    assert.ok(codes.includes('zz-broken/lessons no-lessons'), codes.join('\n'));

    const ok = await compileAll(path.dirname(makeCourse({})));
    assert.ok(ok.ok);
    if (ok.ok)
      assert.deepEqual(
        ok.courses.map((c) => c.id),
        ['basics'],
      );
  });
});

describe('formatProblem', () => {
  it('writes file:line:col: message [code] and the hint on the next line', () => {
    assert.equal(
      formatProblem({
        file: 'courses/x/course.yaml',
        line: 13,
        column: 10,
        code: 'mastery-range',
        message: 'mastery is 80',
        hint: 'Did you mean 0.8?',
      }),
      'courses/x/course.yaml:13:10: mastery is 80 [mastery-range]\n  Did you mean 0.8?',
    );
  });

  it('leaves out what is not known', () => {
    assert.equal(
      formatProblem({file: 'courses/x/lessons', code: 'no-lessons', message: 'No lessons'}),
      'courses/x/lessons: No lessons [no-lessons]',
    );
    assert.equal(
      formatProblem({file: 'a.md', line: 3, code: 'missing-asset', message: 'm', hint: 'one\ntwo'}),
      'a.md:3: m [missing-asset]\n  one\n  two',
    );
  });

  it('names files as the caller named the course folder', async () => {
    const dir = makeCourse({'course.yaml': replace('mastery: 0.6', 'mastery: 80')});
    const relative = path.relative(process.cwd(), dir);
    const r = await compileCourse(relative);
    assert.equal(r.ok, false);
    if (!r.ok)
      assert.ok(
        formatProblem(r.problems[0]).startsWith(`${path.join(relative, 'course.yaml')}:13:10: `),
        formatProblem(r.problems[0]),
      );
  });
});

describe('warnings', () => {
  it('compiles but warns about an unused asset, a # heading, an unknown box, a misspelt block and an image from the web', async () => {
    const dir = makeCourse({
      'assets/old.png': 'x',
      'lessons/01-welcome.md': (s) =>
        `${s}\n# Big title\n\n::: keypoints\n- x\n:::\n\n\`\`\`decisions\nid: x\n\`\`\`\n\n![The UN logo](https://www.un.org/logo.png)\n`,
    });
    const rel = 'lessons/01-welcome.md';
    const r = await compileCourse(dir);
    if (!r.ok) assert.fail(r.problems.map(formatProblem).join('\n'));
    assert.deepEqual(
      r.warnings.map((w) => [path.relative(dir, w.file), w.line, w.code]),
      [
        ['assets/old.png', undefined, 'unused-asset'],
        ['lessons/01-welcome.md', lineOf(dir, rel, '# Big title'), 'heading-level'],
        ['lessons/01-welcome.md', lineOf(dir, rel, '::: keypoints'), 'unknown-block'],
        ['lessons/01-welcome.md', lineOf(dir, rel, '```decisions'), 'unknown-block'],
        ['lessons/01-welcome.md', lineOf(dir, rel, '![The UN logo]'), 'external-image'],
      ],
    );
    assert.deepEqual(r.course.assets, ['assets/offices.svg']);
  });
});
