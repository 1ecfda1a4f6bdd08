/** Course text cannot carry code to learners: unsafe HTML is an error at build time, and whatever is produced is inert. */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import fc from 'fast-check';
import sanitizeHtml from 'sanitize-html';
import {compileCourse, formatProblem, sanitize, SANITIZE_OPTIONS} from '../../src/compile/index.js';
import {isUnsafeUrl} from '../../src/compile/html.js';
import type {CompiledCourse} from '../../src/course/types.js';
import {cleanup, expectProblem, lineOf, makeCourse, problemsOf} from './helpers.js';

after(cleanup);

const SAFE_TAGS = new Set(SANITIZE_OPTIONS.allowedTags as string[]);

/** Anything in HTML output that could run script or load a document: tags and attributes as a parser sees them. */
function assertInert(html: string): void {
  assert.doesNotMatch(
    html,
    /<\s*(script|iframe|frame|object|embed|svg|math|style|link|meta|base|form|input|button|template|noscript)\b/i,
    html,
  );
  sanitizeHtml(html, {
    allowedTags: false,
    allowedAttributes: false,
    allowVulnerableTags: true,
    onOpenTag: (name: string, attribs: Record<string, string>) => {
      assert.ok(SAFE_TAGS.has(name), `<${name}> in ${html}`);
      for (const [attr, value] of Object.entries(attribs)) {
        assert.ok(!attr.startsWith('on'), `${attr} in ${html}`);
        if (attr === 'href' || attr === 'src') assert.ok(!isUnsafeUrl(value), `${attr}=${value} in ${html}`);
        if (attr === 'style') assert.match(value, /^text-align:(left|right|center);?$/, html);
      }
    },
  });
}

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<svg onload=alert(1)><script>alert(1)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
  '<object data="javascript:alert(1)"></object><embed src="x.swf">',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '<form action="https://evil.example"><button formaction="javascript:alert(1)">go</button></form>',
  '<base href="https://evil.example/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel="stylesheet" href="https://evil.example/x.css"><style>body{display:none}</style>',
  '<details open ontoggle=alert(1)>x</details>',
  '<p title="x" onmouseover="alert(1)">hover</p>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  '<template><script>alert(1)</script></template>',
];

describe('sanitize: the allow-list on all produced HTML', () => {
  for (const payload of PAYLOADS) {
    it(`makes inert: ${payload}`, () => assertInert(sanitize(payload)));
  }

  it('(the check above catches every payload before sanitizing)', () => {
    for (const payload of PAYLOADS)
      assert.throws(() => assertInert(payload), assert.AssertionError, `not caught: ${payload}`);
  });

  it('keeps what lessons use', () => {
    const html =
      '<h2>T</h2><p><strong>b</strong> <em>i</em> <a href="https://un.org/" target="_blank" rel="noopener noreferrer">l</a> ' +
      '<a href="#lesson/x" data-lesson="x">n</a></p><aside class="key-points"><ul><li>k</li></ul></aside>' +
      '<img src="assets/a.png" alt="d" loading="lazy" /><table><thead><tr><th style="text-align:right">h</th></tr></thead></table>' +
      '<pre><code class="language-yaml">a: 1</code></pre><abbr title="Information">ICT</abbr>';
    assert.equal(sanitize(html), html);
  });

  it('drops classes other than key-points and language-*', () => {
    assert.equal(sanitize('<aside class="key-points fixed-overlay">x</aside>'), '<aside class="key-points">x</aside>');
  });

  it('never lets scripts through, whatever fragments are combined', () => {
    const fragment = fc.constantFrom(
      '<',
      '>',
      '"',
      "'",
      '=',
      ' ',
      '/',
      'script',
      'svg',
      'img',
      'a',
      'href',
      'src',
      'onerror',
      'onload',
      'javascript:',
      'alert(1)',
      'style',
      '<!--',
      '-->',
      '&#106;',
      '\t',
      '\n',
      'iframe',
      'math',
      'data:',
      ...PAYLOADS,
    );
    fc.assert(
      fc.property(fc.array(fragment, {maxLength: 30}), (parts) => {
        assertInert(sanitize(parts.join('')));
      }),
      {numRuns: 500, seed: 42},
    );
  });
});

describe('unsafe HTML in course text is an error, not silently dropped', () => {
  const rel = 'lessons/01-welcome.md';

  it('a javascript: autolink', async () => {
    const dir = makeCourse({[rel]: (s) => `${s}\nSee <javascript:alert(1)>.\n`});
    expectProblem(await compileCourse(dir), 'unsafe-link', dir, rel, lineOf(dir, rel, 'See <javascript'));
  });

  it('a data: image', async () => {
    const dir = makeCourse({[rel]: (s) => `${s}\n![a dot](data:image/png;base64,iVBORw0KGgo=)\n`});
    expectProblem(await compileCourse(dir), 'unsafe-link', dir, rel, lineOf(dir, rel, '![a dot]'));
  });

  it('an event handler on an allowed inline tag, in a multi-line HTML block', async () => {
    const dir = makeCourse({[rel]: (s) => `${s}\n<p>\nline\n<span\n  onmouseover="alert(1)">x</span>\n</p>\n`});
    const r = await compileCourse(dir);
    expectProblem(r, 'unsafe-attribute', dir, rel, lineOf(dir, rel, '<span'));
    expectProblem(r, 'html-not-allowed', dir, rel, lineOf(dir, rel, '<p>'));
  });

  it('event handlers in decision and self-check text', async () => {
    const dir = makeCourse({
      'lessons/02-sharing.md': (s) =>
        s.replace('consequence: It works,', 'consequence: <b onclick="alert(1)">It</b> works,'),
      'lessons/03-review.md': (s) => s.replace('advice: Write down', 'advice: <i onfocus="alert(1)">Write</i> down'),
    });
    const r = await compileCourse(dir);
    expectProblem(r, 'unsafe-attribute', dir, 'lessons/02-sharing.md', lineOf(dir, 'lessons/02-sharing.md', 'onclick'));
    expectProblem(r, 'unsafe-attribute', dir, 'lessons/03-review.md', lineOf(dir, 'lessons/03-review.md', 'onfocus'));
  });

  it('code that shows HTML is text, not an error', async () => {
    const dir = makeCourse({
      [rel]: (s) =>
        `${s}\nWrite \`<script>\` to see.\n\n\`\`\`html\n<script>alert(1)</script>\n\`\`\`\n\nSafe <abbr title="Information and communication technology">ICT</abbr>.\n`,
    });
    const r = await compileCourse(dir);
    if (!r.ok) assert.fail(r.problems.map(formatProblem).join('\n'));
    const html = (r.course.content.en!.lessons[0].blocks[0] as {html: string}).html;
    assert.match(html, /<code>&lt;script&gt;<\/code>/);
    assert.match(html, /<pre><code class="language-html">&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /<abbr title="Information and communication technology">ICT<\/abbr>/);
    assertInert(html);
  });

  it('every string of a compiled course is inert', async () => {
    const r = await compileCourse(makeCourse({}));
    if (!r.ok) assert.fail(r.problems.map(formatProblem).join('\n'));
    const strings: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(r.course satisfies CompiledCourse);
    assert.ok(strings.length > 50);
    for (const s of strings) assertInert(s);
  });

  it('reports each unsafe thing once, with nothing compiled', async () => {
    const dir = makeCourse({[rel]: (s) => `${s}\n<script>alert(1)</script>\n`});
    const problems = problemsOf(await compileCourse(dir));
    assert.deepEqual(
      problems.map((p) => p.code),
      ['unsafe-html'],
    );
  });
});
