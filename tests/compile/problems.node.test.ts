/**
 * Each kind of mistake an author can make, in a copy of the fixture with that one thing changed: the problem's
 * code, and its file:line in the formatted message.
 */
import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {after, describe, it} from 'node:test';
import {compileCourse, formatProblem} from '../../src/compile/index.js';
import {cmi5Xml} from '../../src/package/manifests.js';
import {cleanup, expectProblem, lineOf, makeCourse, problemsOf, replace} from './helpers.js';

after(cleanup);

async function compileWith(edits: Parameters<typeof makeCourse>[0], name?: string) {
  const dir = makeCourse(edits, name);
  return {dir, r: await compileCourse(dir)};
}

describe('YAML', () => {
  it('reports a syntax error with its line', async () => {
    const {dir, r} = await compileWith({
      'course.yaml': replace('title: ICT basics for managers', 'title: "ICT basics for managers'),
    });
    const p = expectProblem(r, 'yaml-syntax', dir, 'course.yaml');
    assert.ok(p.line !== undefined && p.line >= 4, formatProblem(p));
    assert.match(
      formatProblem(p),
      new RegExp(`^${escape(path.join(dir, 'course.yaml'))}:\\d+:\\d+: YAML syntax error`),
    );
  });

  it('reports a syntax error inside a ```decision block at its line in the .md file', async () => {
    const {dir, r} = await compileWith({
      'lessons/02-sharing.md': replace(
        '  - text: Buy a new server for your office alone.',
        '  - text: [Buy a new server for your office alone.',
      ),
    });
    const p = expectProblem(r, 'yaml-syntax', dir, 'lessons/02-sharing.md');
    const line = lineOf(dir, 'lessons/02-sharing.md', '[Buy a new server');
    assert.ok(p.line! >= line && p.line! <= line + 2, formatProblem(p));
  });

  it('an unclosed [ is reported where it opens, says so, and brings no other problem with it', async () => {
    const {dir, r} = await compileWith({'course.yaml': replace('languages: [en, fr]', 'languages: [en, fr')});
    const p = expectProblem(r, 'yaml-syntax', dir, 'course.yaml');
    assert.equal(p.line, lineOf(dir, 'course.yaml', 'languages: [en, fr'));
    assert.equal(p.column, 'languages: ['.length);
    assert.match(p.message, /the list opened with `\[` here is not closed with `\]`/);
    assert.match(p.hint!, /languages: \[en, fr\]/);
    assert.doesNotMatch(p.hint!, /indentation/i);
    assert.ok(!r.ok);
    assert.deepEqual(
      [...r.problems, ...r.warnings].map((x) => x.code),
      ['yaml-syntax'],
      'no warning about the translation folders a broken course.yaml cannot list',
    );

    const block = await compileWith({
      'lessons/02-sharing.md': replace(
        '  - text: Buy a new server for your office alone.',
        '  - {text: Buy a new server for your office alone.',
      ),
    });
    const q = expectProblem(block.r, 'yaml-syntax', block.dir, 'lessons/02-sharing.md');
    assert.equal(q.line, lineOf(block.dir, 'lessons/02-sharing.md', '{text: Buy a new server'));
    assert.match(q.message, /the mapping opened with `\{` here is not closed with `\}`/);
  });

  it('names an unknown key and suggests the nearest allowed one', async () => {
    const {dir, r} = await compileWith({'course.yaml': replace('audience:', 'audiance:')});
    const p = expectProblem(r, 'unknown-key', dir, 'course.yaml', 8);
    assert.equal(p.column, 1);
    assert.match(p.message, /`audiance`/);
    assert.match(p.hint!, /Did you mean `audience`\?/);
  });

  it('suggests keys inside nested objects too (a question option)', async () => {
    const {dir, r} = await compileWith({
      'assessment.yaml': replace('        feedback: Right. ICT is a means', '        feedbak: Right. ICT is a means'),
    });
    const p = expectProblem(r, 'unknown-key', dir, 'assessment.yaml', lineOf(dir, 'assessment.yaml', 'feedbak:'));
    assert.match(p.hint!, /Did you mean `feedback`\?/);
  });

  it('reports a missing required key at the object that lacks it', async () => {
    const {dir, r} = await compileWith({'course.yaml': (s) => s.replace(/^title:.*\n/m, '')});
    const p = expectProblem(r, 'missing-key', dir, 'course.yaml', 2);
    assert.match(p.message, /`title` is missing/);
  });
});

describe('ids', () => {
  it('a lesson without an id', async () => {
    const {dir, r} = await compileWith({'lessons/02-sharing.md': replace('id: sharing\n', '')});
    expectProblem(r, 'missing-id', dir, 'lessons/02-sharing.md', 2);
  });

  it('two lessons with the same id, naming the first', async () => {
    const {dir, r} = await compileWith({'lessons/03-review.md': replace('id: review', 'id: welcome')});
    const p = expectProblem(r, 'duplicate-id', dir, 'lessons/03-review.md', 2);
    assert.match(p.message, new RegExp(`already used at ${escape(path.join(dir, 'lessons/01-welcome.md'))}:2`));
  });

  it('a question without an id', async () => {
    const {dir, r} = await compileWith({
      'assessment.yaml': replace('  - id: q-share\n    type: multiple', '  - type: multiple'),
    });
    expectProblem(r, 'missing-id', dir, 'assessment.yaml', lineOf(dir, 'assessment.yaml', '- type: multiple'));
  });

  it('two questions with the same id', async () => {
    const {dir, r} = await compileWith({'assessment.yaml': replace('id: q-owner', 'id: q-purpose')});
    expectProblem(r, 'duplicate-id', dir, 'assessment.yaml', lineOf(dir, 'assessment.yaml', 'Who should own') - 2);
  });

  it('two options with the same id', async () => {
    const {dir, r} = await compileWith({
      'assessment.yaml': (s) =>
        s
          .replace(
            '      - text: To serve the goals of the organization.',
            '      - id: serve\n        text: To serve the goals of the organization.',
          )
          .replace(
            '      - text: To buy the newest technology.',
            '      - id: serve\n        text: To buy the newest technology.',
          ),
    });
    const line = lineOf(dir, 'assessment.yaml', 'text: To buy the newest') - 1;
    expectProblem(r, 'duplicate-id', dir, 'assessment.yaml', line);
  });

  it('a decision block without an id, at its line in the .md file', async () => {
    const {dir, r} = await compileWith({'lessons/02-sharing.md': replace('id: share-email\n', '')});
    expectProblem(
      r,
      'missing-id',
      dir,
      'lessons/02-sharing.md',
      lineOf(dir, 'lessons/02-sharing.md', 'prompt: You head'),
    );
  });

  it('two blocks with the same id in different lessons', async () => {
    const {dir, r} = await compileWith({'lessons/03-review.md': replace('id: unit-check', 'id: share-email')});
    const p = expectProblem(
      r,
      'duplicate-id',
      dir,
      'lessons/03-review.md',
      lineOf(dir, 'lessons/03-review.md', 'id: share-email'),
    );
    assert.equal(p.column, 5);
  });

  it('two self-check items with the same id', async () => {
    const {dir, r} = await compileWith({'lessons/03-review.md': replace('id: budget', 'id: plan')});
    const lines = lineOf(dir, 'lessons/03-review.md', 'ICT costs are visible') - 1;
    expectProblem(r, 'duplicate-id', dir, 'lessons/03-review.md', lines);
  });

  it('an id with capitals or spaces, with a suggestion', async () => {
    const {dir, r} = await compileWith({'lessons/01-welcome.md': replace('id: welcome', 'id: Welcome Page')});
    const p = expectProblem(r, 'invalid-id', dir, 'lessons/01-welcome.md', 2);
    assert.match(p.hint!, /`welcome-page`/);
  });

  it('a course id that is not its folder name', async () => {
    const {dir, r} = await compileWith({}, 'other-name');
    const p = expectProblem(r, 'id-mismatch', dir, 'course.yaml', 2);
    assert.match(p.hint!, /other-name/);
  });
});

describe('questions', () => {
  it('a question without a correct answer', async () => {
    const {dir, r} = await compileWith({
      'assessment.yaml': replace(
        '        correct: true\n        feedback: Right. ICT is a means',
        '        feedback: Right. ICT is a means',
      ),
    });
    expectProblem(r, 'no-correct-answer', dir, 'assessment.yaml', lineOf(dir, 'assessment.yaml', 'id: q-purpose'));
  });

  it('a true/false question without an answer', async () => {
    const {dir, r} = await compileWith({'assessment.yaml': replace('    answer: true\n', '')});
    expectProblem(r, 'no-correct-answer', dir, 'assessment.yaml', lineOf(dir, 'assessment.yaml', 'id: q-volume'));
  });

  it('a single-choice question with two correct options', async () => {
    const {dir, r} = await compileWith({
      'assessment.yaml': replace(
        '      - text: To buy the newest technology.\n',
        '      - text: To buy the newest technology.\n        correct: true\n',
      ),
    });
    const p = expectProblem(
      r,
      'too-many-correct',
      dir,
      'assessment.yaml',
      lineOf(dir, 'assessment.yaml', 'To buy the newest') + 1,
    );
    assert.match(p.hint!, /type: multiple/);
  });

  it('drawing more questions than the bank has', async () => {
    const {dir, r} = await compileWith({'assessment.yaml': replace('draw: 3', 'draw: 5')});
    const p = expectProblem(r, 'draw-too-large', dir, 'assessment.yaml', 1);
    assert.equal(p.column, 7);
    assert.match(p.hint!, /draw: 4/);
  });
});

describe('references', () => {
  it('an image that does not exist, with the nearest file', async () => {
    const {dir, r} = await compileWith({
      'lessons/01-welcome.md': replace('../assets/offices.svg', '../assets/office.svg'),
    });
    const p = expectProblem(r, 'missing-asset', dir, 'lessons/01-welcome.md', 7);
    assert.equal(p.column, 45);
    assert.match(p.hint!, /assets\/offices.svg/);
  });

  it('an image of a translation that exists neither in <lang>/assets/ nor in assets/', async () => {
    const {dir, r} = await compileWith({
      'fr/lessons/01-welcome.md': replace('../assets/offices.svg', '../assets/plan.png'),
    });
    const p = expectProblem(r, 'missing-asset', dir, 'fr/lessons/01-welcome.md', 7);
    assert.match(p.message, /fr\/assets\/plan.png and .*assets\/plan.png/);
  });

  it('a link to a lesson file that does not exist', async () => {
    const {dir, r} = await compileWith({'lessons/01-welcome.md': (s) => `${s}\nNext: [sharing](02-shring.md).\n`});
    const p = expectProblem(
      r,
      'missing-lesson',
      dir,
      'lessons/01-welcome.md',
      lineOf(dir, 'lessons/01-welcome.md', '02-shring.md'),
    );
    assert.match(p.hint!, /02-sharing.md/);
  });

  it('an asset larger than max-asset-kb', async () => {
    const {dir, r} = await compileWith({
      'course.yaml': (s) => `${s}max-asset-kb: 1\n`,
      'assets/offices.svg': (s) => s.replace('<title>', `<!-- ${'x'.repeat(2000)} --><title>`),
    });
    const p = expectProblem(r, 'asset-too-large', dir, 'lessons/01-welcome.md', 7);
    assert.match(p.hint!, /max-asset-kb/);
    assert.equal(problemsOf(r).length, 1, 'reported once, not again for the French lesson');
  });

  it('a file outside assets/', async () => {
    const {dir, r} = await compileWith({'lessons/01-welcome.md': replace('../assets/offices.svg', '../course.yaml')});
    expectProblem(r, 'asset-location', dir, 'lessons/01-welcome.md', 7);
  });
});

describe('course settings', () => {
  it('a mastery score written as a percentage suggests the fraction', async () => {
    const {dir, r} = await compileWith({'course.yaml': replace('mastery: 0.6', 'mastery: 80')});
    const p = expectProblem(r, 'mastery-range', dir, 'course.yaml', 13);
    assert.match(p.hint!, /Did you mean 0\.8\?/);
  });

  it('a version that is not semantic', async () => {
    const {dir, r} = await compileWith({'course.yaml': replace('version: 1.0.0', 'version: 1.0')});
    const p = expectProblem(r, 'invalid-version', dir, 'course.yaml', 3);
    assert.match(p.hint!, /1\.0\.0/);
  });

  it('an unknown language code, with the nearest UN language', async () => {
    const {dir, r} = await compileWith({'course.yaml': replace('languages: [en, fr]', 'languages: [en, fre]')});
    const p = expectProblem(r, 'unknown-language', dir, 'course.yaml', 12);
    assert.equal(p.column, 17);
    assert.match(p.hint!, /Did you mean `fr`\?/);
  });

  it('a completion rule that needs an assessment the course does not have', async () => {
    const {dir, r} = await compileWith({'assessment.yaml': null, 'fr/assessment.yaml': null});
    expectProblem(r, 'no-assessment', dir, 'course.yaml', 14);
  });

  it('a cmi5 move-on with Passed, and no assessment to pass', async () => {
    const {dir, r} = await compileWith({
      'assessment.yaml': null,
      'fr/assessment.yaml': null,
      'course.yaml': replace('completion: lessons-and-pass', 'move-on: CompletedAndPassed'),
    });
    const p = expectProblem(r, 'no-assessment', dir, 'course.yaml', 14);
    assert.match(p.message, /move-on: CompletedAndPassed/);
    assert.match(p.hint!, /move-on: Completed/);
  });

  it('a cmi5 move-on is kept in the settings and written to cmi5.xml; without one, it follows completion', async () => {
    for (const moveOn of ['Completed', 'Passed', 'CompletedAndPassed', 'CompletedOrPassed', 'NotApplicable']) {
      const {r} = await compileWith({
        'course.yaml': replace('completion: lessons-and-pass', `completion: lessons-and-pass\nmove-on: ${moveOn}`),
      });
      assert.ok(r.ok, moveOn);
      if (!r.ok) continue;
      assert.equal(r.course.settings.moveOn, moveOn);
      assert.match(cmi5Xml(r.course), new RegExp(`moveOn="${moveOn}"`));
    }
    const own = await compileWith({
      'course.yaml': replace('completion: lessons-and-pass', 'completion: lessons-and-pass\nlaunch-method: OwnWindow'),
    });
    assert.ok(own.r.ok && /launchMethod="OwnWindow"/.test(cmi5Xml(own.r.course)));
    const {r} = await compileWith({});
    assert.ok(r.ok && r.course.settings.moveOn === undefined && /moveOn="CompletedAndPassed"/.test(cmi5Xml(r.course)));
    const bad = await compileWith({
      'course.yaml': replace('completion: lessons-and-pass', 'completion: lessons-and-pass\nmove-on: Complete'),
    });
    const p = expectProblem(bad.r, 'invalid-value', bad.dir, 'course.yaml', 15);
    assert.match(p.hint!, /Did you mean `Completed`\?/);
  });

  it('an unknown value of an enumerated key, with a suggestion', async () => {
    const {dir, r} = await compileWith({'course.yaml': replace('completion: lessons-and-pass', 'completion: lesson')});
    const p = expectProblem(r, 'invalid-value', dir, 'course.yaml', 14);
    assert.match(p.hint!, /Did you mean `lessons`\?/);
  });
});

describe('translations', () => {
  it('a lesson that is not translated', async () => {
    const {dir, r} = await compileWith({'fr/lessons/03-review.md': null});
    const p = expectProblem(r, 'translation-missing', dir, 'lessons/03-review.md', 2);
    assert.match(p.message, /`review` has no fr translation/);
  });

  it('a question that is not translated', async () => {
    const {dir, r} = await compileWith({'fr/assessment.yaml': (s) => s.slice(0, s.indexOf('  - id: q-owner'))});
    const p = expectProblem(r, 'translation-missing', dir, 'fr/assessment.yaml', 1);
    assert.match(p.message, /`q-owner`/);
  });

  it('an option that is not translated', async () => {
    const {dir, r} = await compileWith({
      'fr/assessment.yaml': replace(
        '      - text: Leur mandat\n        feedback: Non. Chaque organisation garde son mandat.\n',
        '',
      ),
    });
    const p = expectProblem(
      r,
      'translation-missing',
      dir,
      'fr/assessment.yaml',
      lineOf(dir, 'fr/assessment.yaml', "L'hébergement"),
    );
    assert.match(p.message, /missing: `c`/);
  });

  it('a translation that sets which option is correct', async () => {
    const {dir, r} = await compileWith({
      'fr/assessment.yaml': replace(
        '        feedback: Exact. Les TIC',
        '        correct: true\n        feedback: Exact. Les TIC',
      ),
    });
    const p = expectProblem(
      r,
      'not-translatable',
      dir,
      'fr/assessment.yaml',
      lineOf(dir, 'fr/assessment.yaml', 'correct: true'),
    );
    assert.match(p.hint!, /assessment.yaml/);
  });

  it('a translation that sets the mastery score', async () => {
    const {dir, r} = await compileWith({'fr/course.yaml': (s) => `${s}mastery: 0.5\n`});
    expectProblem(r, 'not-translatable', dir, 'fr/course.yaml', lineOf(dir, 'fr/course.yaml', 'mastery'));
  });

  it('a translated block with a missing self-check item', async () => {
    const {dir, r} = await compileWith({
      'fr/lessons/03-review.md': replace(
        '  - id: owner\n    text: Une personne est chargée de décider des demandes informatiques.\n    area: Décisions\n',
        '',
      ),
    });
    const p = expectProblem(
      r,
      'translation-missing',
      dir,
      'fr/lessons/03-review.md',
      lineOf(dir, 'fr/lessons/03-review.md', '- id: plan'),
    );
    assert.match(p.message, /`owner`/);
  });

  it('a translated self-check with other bands', async () => {
    const {dir, r} = await compileWith({'fr/lessons/03-review.md': replace('  - upTo: 0.4', '  - upTo: 0.5')});
    expectProblem(
      r,
      'translation-mismatch',
      dir,
      'fr/lessons/03-review.md',
      lineOf(dir, 'fr/lessons/03-review.md', 'upTo: 0.5'),
    );
  });

  it('a translated decision with an option more than the default language', async () => {
    const {dir, r} = await compileWith({
      'fr/lessons/02-sharing.md': (s) =>
        s.replace(/\n```\s*$/, '\n  - text: Attendre.\n    consequence: Rien ne change.\n```\n'),
    });
    expectProblem(
      r,
      'translation-extra',
      dir,
      'fr/lessons/02-sharing.md',
      lineOf(dir, 'fr/lessons/02-sharing.md', '- text: Acheter'),
    );
  });

  it('a translated lesson whose id is not in the default language', async () => {
    const {dir, r} = await compileWith({'fr/lessons/03-review.md': replace('id: review', 'id: revue')});
    expectProblem(r, 'translation-extra', dir, 'fr/lessons/03-review.md', 2);
    expectProblem(r, 'translation-missing', dir, 'lessons/03-review.md', 2);
  });

  it('a listed language without its folder', async () => {
    const {dir, r} = await compileWith({'course.yaml': replace('languages: [en, fr]', 'languages: [en, fr, es]')});
    expectProblem(r, 'missing-translation', dir, 'course.yaml', 12);
  });
});

describe('lesson content', () => {
  it('an image without alternative text', async () => {
    const {dir, r} = await compileWith({
      'lessons/01-welcome.md': replace('![A simple diagram of three linked offices]', '![]'),
    });
    const p = expectProblem(r, 'missing-alt', dir, 'lessons/01-welcome.md', 7);
    assert.equal(p.column, 1);
  });

  it('raw <script>, <iframe>, event handlers and javascript: links are errors at their lines', async () => {
    const {dir, r} = await compileWith({
      'lessons/01-welcome.md': (s) =>
        `${s}\n<script>alert(1)</script>\n\nSee <iframe src="https://evil.example/"></iframe> here.\n\nClick <span onclick="alert(1)">me</span>.\n\nA [link](javascript:alert(1)) and <a href="JaVaScRiPt:alert(1)">another</a>.\n`,
    });
    const rel = 'lessons/01-welcome.md';
    expectProblem(r, 'unsafe-html', dir, rel, lineOf(dir, rel, '<script>'));
    const iframe = expectProblem(r, 'unsafe-html', dir, rel, lineOf(dir, rel, '<iframe'));
    assert.equal(iframe.column, 5);
    expectProblem(r, 'unsafe-attribute', dir, rel, lineOf(dir, rel, 'onclick'));
    const links = problemsOf(r).filter((p) => p.code === 'unsafe-link');
    assert.equal(links.length, 2, links.map(formatProblem).join('\n'));
    for (const p of links) assert.equal(p.line, lineOf(dir, rel, 'javascript:alert'));
  });

  it('unsafe HTML in a question prompt is an error at the prompt', async () => {
    const {dir, r} = await compileWith({
      'assessment.yaml': replace(
        'prompt: What is an ICT strategy for?',
        'prompt: What is <img src=x onerror=alert(1)> for?',
      ),
    });
    expectProblem(r, 'unsafe-attribute', dir, 'assessment.yaml', lineOf(dir, 'assessment.yaml', 'onerror'));
  });

  it('an SVG image that carries a script', async () => {
    const {dir, r} = await compileWith({
      'assets/offices.svg': (s) => s.replace('<title>', '\n<script>alert(1)</script><title>'),
    });
    expectProblem(r, 'unsafe-svg', dir, 'assets/offices.svg', 2);
  });

  it('raw inline SVG in Markdown', async () => {
    const {dir, r} = await compileWith({
      'lessons/01-welcome.md': (s) => `${s}\n<svg onload="alert(1)"><circle r="4"/></svg>\n`,
    });
    expectProblem(r, 'unsafe-html', dir, 'lessons/01-welcome.md', lineOf(dir, 'lessons/01-welcome.md', '<svg'));
    expectProblem(r, 'unsafe-attribute', dir, 'lessons/01-welcome.md', lineOf(dir, 'lessons/01-welcome.md', '<svg'));
  });
});

describe('the saved state', () => {
  it('fails a course whose worst-case suspend data exceeds 4,096 characters, naming what makes it large', async () => {
    const edits: Record<string, string | null> = {
      fr: null,
      'course.yaml': '',
      'lessons/01-welcome.md': null,
      'lessons/02-sharing.md': null,
      'lessons/03-review.md': null,
    };
    edits['course.yaml'] =
      'id: basics\nversion: 1.0.0\ntitle: Big\ndescription: Many lessons with long ids.\ncompletion: lessons-and-pass\n' +
      'objectives: [{id: purpose, text: Purpose}, {id: share, text: Sharing}]\n';
    for (let i = 0; i < 90; i++) {
      const id = `lesson-number-${String(i).padStart(3, '0')}-with-a-rather-long-and-descriptive-id`;
      edits[`lessons/${String(i).padStart(3, '0')}.md`] = `---\nid: ${id}\ntitle: Lesson ${i}\n---\nText.\n`;
    }
    const {dir, r} = await compileWith(edits);
    const p = expectProblem(r, 'state-too-large', dir, 'course.yaml', 1);
    assert.match(p.message, /can reach \d{4,} characters; SCORM 1.2 keeps only 4096/);
    assert.match(p.hint!, /90 lessons/);
    assert.match(p.hint!, /lesson-number-\d{3}-with-a-rather-long-and-descriptive-id/);
  });
});

describe('objectives and the questions that assess them', () => {
  /** The warnings with `code`, formatted. */
  function warned(r: Awaited<ReturnType<typeof compileCourse>>, code: string): string[] {
    return r.warnings.filter((w) => w.code === code).map(formatProblem);
  }

  it('warns, at the objective, when no question names it or only one does', async () => {
    const {dir, r} = await compileWith({
      'assessment.yaml': (s) => s.replace('    objectives: [share]\n', '').replace('    objectives: [purpose]\n', ''),
    });
    assert.ok(r.ok, 'a warning does not stop the build');
    const file = path.join(dir, 'course.yaml');
    assert.deepEqual(warned(r, 'objective-unassessed'), [
      `${file}:${lineOf(dir, 'course.yaml', 'id: purpose')}:10: The objective \`purpose\` is assessed by one question only (\`q-owner\`) [objective-unassessed]\n` +
        '  Name it in at least 2 questions of assessment.yaml: `objectives: [purpose]`.',
      `${file}:${lineOf(dir, 'course.yaml', 'id: share')}:10: The objective \`share\` is assessed by one question only (\`q-volume\`) [objective-unassessed]\n` +
        '  Name it in at least 2 questions of assessment.yaml: `objectives: [share]`.',
    ]);
    const {r: none} = await compileWith({
      'assessment.yaml': (s) => s.replaceAll('    objectives: [share]\n', ''),
    });
    assert.match(warned(none, 'objective-unassessed').join('\n'), /The objective `share` is assessed by no question/);
  });

  it('warns for an objective without an id, which no question can name', async () => {
    const {dir, r} = await compileWith({
      'course.yaml': replace(
        '  - {id: share, text: Decide when to share a service}',
        '  - Decide when to share a service',
      ),
      'assessment.yaml': (s) => s.replaceAll('    objectives: [share]\n', ''),
    });
    const line = lineOf(dir, 'course.yaml', '- Decide when');
    assert.deepEqual(warned(r, 'objective-unassessed'), [
      `${path.join(dir, 'course.yaml')}:${line}:5: The objective "Decide when to share a service" is assessed by no question [objective-unassessed]\n` +
        '  Give it an id (`- id: a-short-id` with `text: ...`) and name it in the questions that assess it: `objectives: [a-short-id]`.',
    ]);
  });

  it('an objective a question names that course.yaml does not have is an error, with the nearest id', async () => {
    const {dir, r} = await compileWith({'assessment.yaml': replace('objectives: [share]', 'objectives: [shared]')});
    const p = expectProblem(r, 'unknown-objective', dir, 'assessment.yaml', lineOf(dir, 'assessment.yaml', '[shared]'));
    assert.match(p.message, /Question `q-share` names the objective `shared`, which course.yaml does not have/);
    assert.equal(p.hint, 'Did you mean `share`?');
  });

  it('an objective id that is not an id, or used twice, is an error', async () => {
    const {dir, r} = await compileWith({
      'course.yaml': replace('{id: share,', '{id: purpose,'),
      'assessment.yaml': (s) => s.replaceAll('objectives: [share]', 'objectives: [purpose]'),
    });
    expectProblem(r, 'duplicate-id', dir, 'course.yaml', lineOf(dir, 'course.yaml', 'Decide when'));
    const {dir: d2, r: r2} = await compileWith({'course.yaml': replace('{id: share,', '{id: Share It,')});
    expectProblem(r2, 'invalid-id', d2, 'course.yaml', lineOf(d2, 'course.yaml', 'Share It'));
  });
});

describe('all problems together', () => {
  it('reports three different mistakes in three files as three problems', async () => {
    const {dir, r} = await compileWith({
      'course.yaml': replace('mastery: 0.6', 'mastery: 60'),
      'lessons/01-welcome.md': replace('../assets/offices.svg', '../assets/missing.svg'),
      'assessment.yaml': replace('draw: 3', 'draw: 9'),
    });
    const problems = problemsOf(r);
    assert.deepEqual(
      problems.map((p) => [path.relative(dir, p.file), p.line, p.code]),
      [
        ['assessment.yaml', 1, 'draw-too-large'],
        ['course.yaml', 13, 'mastery-range'],
        ['lessons/01-welcome.md', 7, 'missing-asset'],
      ],
    );
  });

  it('reports several mistakes in one file', async () => {
    const {dir, r} = await compileWith({
      'course.yaml': (s) =>
        s
          .replace('mastery: 0.6', 'mastery: 60')
          .replace('version: 1.0.0', 'version: one')
          .replace('audience:', 'audiance:'),
    });
    assert.deepEqual(
      problemsOf(r).map((p) => [p.line, p.code]),
      [
        [3, 'invalid-version'],
        [8, 'unknown-key'],
        [13, 'mastery-range'],
      ],
    );
    void dir;
  });

  it('reports one mistake once, without follow-on problems (a broken block and its translation)', async () => {
    const {dir, r} = await compileWith({
      'lessons/02-sharing.md': replace('options:\n  - text: Buy', 'options:\n - text: Buy'),
    });
    const problems = problemsOf(r);
    assert.deepEqual(
      problems.map((p) => [path.relative(dir, p.file), p.code]),
      [['lessons/02-sharing.md', 'yaml-syntax']],
      problems.map(formatProblem).join('\n'),
    );
  });

  it('writes nothing: a failed compile leaves the course folder as it was', async () => {
    const dir = makeCourse({'course.yaml': replace('mastery: 0.6', 'mastery: 60')});
    writeFileSync(path.join(dir, 'marker'), '');
    const {readdirSync} = await import('node:fs');
    const before = readdirSync(dir).sort();
    await compileCourse(dir);
    assert.deepEqual(readdirSync(dir).sort(), before);
  });
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
