/**
 * Diagrams (```figure blocks, src/compile/figure.ts): an SVG drawing from assets/ put inline in the lesson with the
 * labels of the lesson's language, a text alternative and a long description; and every misuse, with its place.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {compileCourse, formatProblem} from '../../src/compile/index.js';
import type {CompileResult} from '../../src/compile/index.js';
import {wrapLabel} from '../../src/compile/figure.js';
import {readSegmentFiles} from '../../src/translate/segments.js';
import {cleanup, expectProblem, lineOf, makeCourse} from './helpers.js';

after(cleanup);

const DRAWING = `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 120" width="300" height="120">
  <title>Old title, not translated</title>
  <defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto"><path d="M0 0L10 5L0 10z" class="ink"/></marker></defs>
  <rect x="10" y="10" width="120" height="40" rx="6" class="surface line" style="fill:red"/>
  <text x="70" y="35" text-anchor="middle" class="ink">{ga}</text>
  <line x1="130" y1="30" x2="170" y2="30" class="line" marker-end="url(#arrow)"/>
  <rect x="170" y="10" width="120" height="40" rx="6" class="accent"/>
  <text x="230" y="35" text-anchor="middle">{ceb}</text>
  <a href="https://example.org"><text x="10" y="100">link</text></a>
  <image href="https://example.org/x.png" x="0" y="0" width="1" height="1"/>
</svg>
`;

const FIGURE = (labels: string, extra = '') => `
\`\`\`figure
id: bodies
image: ../assets/bodies.svg
alt: The General Assembly above the Chief Executives Board.
description: |
  Two boxes joined by an arrow: the **General Assembly** on the left, the Chief Executives Board on the right.
${labels}${extra}
\`\`\`
`;

const EN_LABELS = 'labels:\n  ga: General Assembly\n  ceb: "Chief Executives Board <CEB>"';
const FR_LABELS = 'labels:\n  ga: Assemblée générale\n  ceb: Conseil des chefs de secrétariat';

async function compileWith(edits: Parameters<typeof makeCourse>[0]): Promise<{dir: string; r: CompileResult}> {
  const dir = makeCourse({'assets/bodies.svg': DRAWING, ...edits});
  return {dir, r: await compileCourse(dir)};
}

function lessonHtml(r: CompileResult, lang: string): string {
  if (!r.ok) assert.fail(r.problems.map(formatProblem).join('\n'));
  return r.course.content[lang]!.lessons[0]!.blocks.map((b) => (b.type === 'html' ? b.html : '')).join('\n');
}

describe('figures', () => {
  it('puts the drawing inline with the labels of each language, its text alternative and its long description', async () => {
    const {r} = await compileWith({
      'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS),
      'fr/lessons/01-welcome.md': (old) =>
        old + FIGURE(FR_LABELS).replace(/alt: .*/, 'alt: L’Assemblée générale au-dessus du CCS.'),
    });
    const en = lessonHtml(r, 'en');
    assert.match(
      en,
      /<figure class="diagram" data-figure="bodies"><svg role="img" aria-label="The General Assembly above the Chief Executives Board\." focusable="false"/,
    );
    assert.match(en, /<text[^>]*>General Assembly<\/text>/);
    assert.match(en, /<text[^>]*>Chief Executives Board &lt;CEB&gt;<\/text>/, 'labels are text, escaped');
    assert.match(
      en,
      /<summary>The General Assembly above the Chief Executives Board\.<\/summary><p>Two boxes joined by an arrow: the <strong>General Assembly<\/strong>/,
    );
    assert.match(en, /class="surface line"/, 'theme classes kept');
    assert.match(en, /marker-end="url\(#bodies-arrow\)"/);
    for (const gone of ['<title', 'style=', '<a ', 'href', '<image', '<?xml', 'example.org']) {
      assert.ok(!en.includes(gone), `${gone} is dropped`);
    }
    assert.ok(r.ok && !r.course.assets.includes('assets/bodies.svg'), 'the drawing is in the lesson, not a file');
    assert.ok(!r.warnings.some((w) => w.code === 'unused-asset'), 'nor an unused file');
    const fr = lessonHtml(r, 'fr');
    assert.match(fr, /<text[^>]*>Assemblée générale<\/text>/);
    assert.match(fr, /aria-label="L’Assemblée générale au-dessus du CCS\."/);
  });

  it('stops the build, with the place, for a label missing, a drawing over 20 KB or not SVG, and a text alternative missing', async () => {
    const missing = await compileWith({
      'lessons/01-welcome.md': (old) => old + FIGURE('labels:\n  ga: General Assembly'),
    });
    const p = expectProblem(missing.r, 'figure-label', missing.dir, 'lessons/01-welcome.md');
    assert.match(formatProblem(p), /shows `\{ceb\}`, but the figure gives no label `ceb`/);
    assert.equal(p.line, lineOf(missing.dir, 'lessons/01-welcome.md', 'ga: General Assembly'), 'at the labels');

    const big = await compileWith({
      'assets/bodies.svg': DRAWING.replace('</svg>', `<path d="${'M0 0L1 1'.repeat(3000)}"/></svg>`),
      'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS),
    });
    const b = expectProblem(big.r, 'figure-image', big.dir, 'lessons/01-welcome.md');
    assert.match(formatProblem(b), /KB; a figure's drawing may be 20 KB at most/);
    assert.equal(b.line, lineOf(big.dir, 'lessons/01-welcome.md', 'image: ../assets/bodies.svg'));

    const png = await compileWith({
      'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS).replace('bodies.svg', 'map.png'),
    });
    expectProblem(png.r, 'figure-image', png.dir, 'lessons/01-welcome.md');

    const script = await compileWith({
      'assets/bodies.svg': DRAWING.replace('</svg>', '<script>alert(1)</script></svg>'),
      'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS),
    });
    expectProblem(script.r, 'unsafe-svg', script.dir, 'assets/bodies.svg');

    const noAlt = await compileWith({
      'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS).replace(/alt: .*\n/, ''),
    });
    const a = noAlt.r.ok ? assert.fail('compiled') : noAlt.r.problems.find((x) => /alt/.test(formatProblem(x)));
    assert.ok(a, 'a problem names the missing alt');
    assert.match(formatProblem(a), /lessons\/01-welcome\.md:\d+/);
  });

  it('gives translators the text alternative, the description and every label, not the drawing or the id', async () => {
    const dir = makeCourse({'assets/bodies.svg': DRAWING, 'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS)});
    const units = (await readSegmentFiles(dir))
      .flatMap((f) => f.segments)
      .filter((x) => x.unit.startsWith('bodies.'))
      .map((x) => `${x.unit}=${x.text.trim()}`);
    assert.deepEqual(units, [
      'bodies.alt=The General Assembly above the Chief Executives Board.',
      'bodies.description=Two boxes joined by an arrow: the **General Assembly** on the left, the Chief Executives Board on the right.',
      'bodies.labels.ga=General Assembly',
      'bodies.labels.ceb=Chief Executives Board <CEB>',
    ]);
  });

  it('breaks a label into lines that fit its box, between words or between Chinese characters, and warns of one too long', async () => {
    const drawing = DRAWING.replace(
      '<text x="70" y="35" text-anchor="middle" class="ink">{ga}</text>',
      '<text x="70" y="35" font-size="15" text-anchor="middle" data-wrap="170" data-lines="2">{ga}</text>',
    );
    const {dir, r} = await compileWith({
      'assets/bodies.svg': drawing,
      'lessons/01-welcome.md': (old) =>
        old + FIGURE(EN_LABELS.replace('ga: General Assembly', 'ga: The General Assembly of the United Nations')),
      'fr/lessons/01-welcome.md': (old) =>
        old +
        FIGURE(FR_LABELS.replace('ga: Assemblée générale', 'ga: 联合国大会和经济及社会理事会的各个委员会以及其他机构')),
    });
    const en = lessonHtml(r, 'en');
    const spans = [...en.matchAll(/<tspan x="70" dy="([^"]+)">([^<]+)<\/tspan>/g)].map((m) => [m[1], m[2]]);
    assert.ok(spans.length === 3, `three lines: ${JSON.stringify(spans)}`);
    assert.equal(
      spans.map((x) => x[1]).join(' '),
      'The General Assembly of the United Nations',
      'every word, in order',
    );
    assert.deepEqual(
      spans.map((x) => x[0]),
      ['-1.2em', '1.2em', '1.2em'],
      'centred on the line the drawing gives',
    );
    assert.ok(!en.includes('data-wrap'), 'the wrapping hints are not shown');
    const zh = [...lessonHtml(r, 'fr').matchAll(/<tspan x="70" dy="[^"]+">([^<]+)<\/tspan>/g)].map((m) => m[1]!);
    assert.ok(zh.length >= 2 && zh.every((l) => l.length <= 11), `Chinese lines of at most 11 characters: ${zh}`);
    assert.equal(zh.join(''), '联合国大会和经济及社会理事会的各个委员会以及其他机构');
    const w = r.warnings.filter((x) => x.code === 'figure-label');
    assert.deepEqual(w.map((x) => [x.file.endsWith('fr/lessons/01-welcome.md'), x.line]).sort(), [
      [false, lineOf(dir, 'lessons/01-welcome.md', 'ga: The General Assembly')],
      [true, lineOf(dir, 'fr/lessons/01-welcome.md', 'ga: 联合国')],
    ]);
    assert.match(
      formatProblem(w.find((x) => !x.file.includes('fr/'))!),
      /takes 3 lines in its place in assets\/bodies\.svg, which has room for 2/,
    );
  });

  it('keeps words joined by a no-break space on one line, and gives bold text more room', () => {
    const lines = wrapLabel('Comité de haut niveau sur la gestion\u202f: finances', 120, 15);
    assert.ok(lines.includes('gestion\u202f:'), `"gestion :" stays whole: ${JSON.stringify(lines)}`);
    assert.ok(!lines.some((l) => l.startsWith(':')), 'no line starts with the colon');
    const text = 'Working groups on the priority initiatives';
    assert.deepEqual(
      [wrapLabel(text, 180, 15).length, wrapLabel(text, 180, 15, true).length],
      [2, 3],
      'bold takes more lines',
    );
  });

  it('gives each drawing its own marker ids, so that two in a lesson keep their own arrowheads', async () => {
    const {r} = await compileWith({
      'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS),
      'fr/lessons/01-welcome.md': (old) => old + FIGURE(FR_LABELS),
    });
    const en = lessonHtml(r, 'en');
    assert.match(en, /<marker id="bodies-arrow"/);
    assert.match(en, /marker-end="url\(#bodies-arrow\)"/);
  });

  it('stops the build where a translation leaves out a diagram, adds one or shows another drawing', async () => {
    const missing = await compileWith({'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS)});
    const m = expectProblem(missing.r, 'translation-missing', missing.dir, 'fr/lessons/01-welcome.md');
    assert.match(formatProblem(m), /The figure `bodies` is not translated in this lesson/);

    const extra = await compileWith({'fr/lessons/01-welcome.md': (old) => old + FIGURE(FR_LABELS)});
    const e = expectProblem(extra.r, 'translation-extra', extra.dir, 'fr/lessons/01-welcome.md');
    assert.equal(e.line, lineOf(extra.dir, 'fr/lessons/01-welcome.md', 'id: bodies'));

    const other = await compileWith({
      'assets/other.svg': DRAWING,
      'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS),
      'fr/lessons/01-welcome.md': (old) => old + FIGURE(FR_LABELS).replace('bodies.svg', 'other.svg'),
    });
    const o = expectProblem(other.r, 'translation-mismatch', other.dir, 'fr/lessons/01-welcome.md');
    assert.equal(o.line, lineOf(other.dir, 'fr/lessons/01-welcome.md', 'image: ../assets/other.svg'));
  });

  it('warns of a label the drawing does not use', async () => {
    const {dir, r} = await compileWith({
      'lessons/01-welcome.md': (old) => old + FIGURE(EN_LABELS, '\n  hlcm: High-level Committee on Management'),
      'fr/lessons/01-welcome.md': (old) => old + FIGURE(FR_LABELS),
    });
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
    const w = r.warnings.find((x) => x.code === 'figure-label');
    assert.ok(w, 'a figure-label warning');
    assert.equal(w.line, lineOf(dir, 'lessons/01-welcome.md', 'hlcm:'));
  });
});
