// The curriculum end to end: a course of `courses/` in every format, launched from the preview LMS (the real server on
// a free port, a temporary data folder) and completed through the player's UI in one Chromium, a page per play,
// answering every question right (the test reads the compiled course to know the right options). The result is read
// back from the preview's own API: SCORM passed/completed with the score; xAPI and cmi5 completed and passed
// statements (cmi5 satisfied by the LMS). Each play is in the language the LMS gives as the learner's preference (the
// preview's learners in Santiago, Dakar, Geneva, Bangkok and Beirut prefer Spanish, French, Russian, Chinese and
// Arabic): plays to passing in those languages (Arabic right to left) and English (a web package, without an LMS,
// follows the browser's language). Then the
// language of real content in detail: ict-strategy launched with the LMS's learner preference French (SCORM 1.2
// `cmi.student_preference.language`) and Arabic (cmi5 `cmi5LearnerPreferences`) shows French, and Arabic right to
// left, and downloads that language only (SCORM: exactly that one; xAPI and cmi5, whose LRS answers later, may have
// asked for the likely language meanwhile and given it up).
//
// Every course is completed through the course rules and packaged in every format by
// tests/curriculum/completion.node.test.ts, and the player's UI is the same for all of them.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {mkdirSync, mkdtempSync, readdirSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {type Browser, type BrowserContext, type Page} from 'playwright-core';
import type {CompiledCourse} from '../../src/course/types.js';
import {xapiClient} from '../../src/cli/xapi-client.js';
import {startPreview, type PreviewServer} from '../../src/preview/server.js';
import {heading, play} from '../preview/play.js';
import {until} from '../helpers/until.js';
import {launchChromium} from '../helpers/browser.js';
import {fetchPackagedCourse} from '../helpers/packages.js';

const COURSES_DIR = fileURLToPath(new URL('../../courses', import.meta.url));
const COURSE_IDS = readdirSync(COURSES_DIR, {withFileTypes: true})
  .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !e.name.startsWith('_'))
  .map((e) => e.name)
  .sort();
const FORMATS = ['scorm12', 'scorm2004', 'scorm2004-3rd', 'aicc', 'xapi', 'cmi5', 'web'] as const;
type Format = (typeof FORMATS)[number];
/** The formats every play goes through; the others (the older doors into LMSs) are played where a play names them. */
const EVERY_PLAY: readonly Format[] = ['scorm12', 'scorm2004', 'xapi', 'cmi5', 'web'];
/** The plays: a course, in the language its learner's LMS profile prefers (the preview's sample learners). */
const PLAYS: readonly {id: string; learner: string; lang: string; also?: readonly Format[]}[] = [
  {id: 'ict-strategy', learner: 'grace.otieno', lang: 'en', also: ['scorm2004-3rd', 'aicc']},
  {id: 'ict-strategy', learner: 'carlos.mendoza', lang: 'es'},
  {id: 'ict-governance', learner: 'amina.diallo', lang: 'fr'},
  {id: 'knowledge-sharing', learner: 'olga.petrova', lang: 'ru'},
  {id: 'ict-strategy', learner: 'li.wei', lang: 'zh'},
  {id: 'shared-services', learner: 'youssef.haddad', lang: 'ar', also: ['aicc']},
];

let work: string;
let server: PreviewServer;
let browser: Browser;
const courses = new Map<string, CompiledCourse>();
/** `course (lang)` -> format -> what the LMS holds after the play (for the summary table) */
const table = new Map<string, Map<Format, string>>();
const t0 = Date.now();

async function json<T = any>(path: string, init?: RequestInit): Promise<{status: number; body: T}> {
  const r = await fetch(new URL(path, server.url), init);
  const text = await r.text();
  return {status: r.status, body: (text ? JSON.parse(text) : undefined) as T};
}

/**
 * A page in a context of its own (a fresh device: no progress copy from another play). No service worker: offline
 * caching is the offline tests' subject, and here it would only download every package again in the background of
 * each play. Reduced motion: no transition to wait out. Closing the page closes its context.
 */
async function newPage(locale = 'en-US'): Promise<Page> {
  const context: BrowserContext = await browser.newContext({
    locale,
    viewport: {width: 1280, height: 800},
    serviceWorkers: 'block',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  page.on('close', () => void context.close().catch(() => undefined));
  return page;
}

const verbOf = (s: any) => String(s.verb.id).split('/').pop()!;

/** Waits for what the LMS holds once the play is over, checks it, and returns the table cell. */
async function result(course: CompiledCourse, format: Format, learner: string): Promise<string> {
  const id = course.id;
  if (format === 'aicc') {
    // the preview's HACP endpoint keeps what the course sent in SCORM 1.2's shape; ExitAU ends the session
    const rec = await until(async () => {
      const r = await json<any>(`/api/scorm/${learner}/${id}/aicc`);
      return r.body.sessions?.at(-1)?.finished && r.body;
    }, `ExitAU of ${id} (aicc)`);
    const flat = rec.flat as Record<string, string>;
    assert.equal(flat['cmi.core.lesson_status'], 'passed', `${id} aicc Lesson_Status`);
    assert.equal(Number(flat['cmi.core.score.raw']), 100, `${id} aicc Score`);
    assert.match(flat['cmi.core.session_time'] ?? '', /^\d{2,4}:\d{2}:\d{2}$/, `${id} aicc Time`);
    assert.ok(flat['cmi.suspend_data'], `${id} aicc [Core_Lesson]`);
    return `${rec.summary.status} ${Math.round(rec.summary.score * 100)} %`;
  }
  if (format === 'scorm12' || format === 'scorm2004' || format === 'scorm2004-3rd') {
    const rec = await until(async () => {
      const r = await json<any>(`/api/scorm/${learner}/${id}/${format}`);
      return r.body.sessions?.at(-1)?.finished && r.body;
    }, `the final commit of ${id} (${format})`);
    const flat = rec.flat as Record<string, string>;
    if (format === 'scorm12') {
      assert.equal(flat['cmi.core.lesson_status'], 'passed', `${id} scorm12 lesson_status`);
      assert.equal(Number(flat['cmi.core.score.raw']), 100, `${id} scorm12 score.raw`);
    } else {
      assert.equal(flat['cmi.completion_status'], 'completed', `${id} ${format} completion_status`);
      assert.equal(flat['cmi.success_status'], 'passed', `${id} ${format} success_status`);
      assert.equal(Number(flat['cmi.score.scaled']), 1, `${id} ${format} score.scaled`);
    }
    const draw = course.content[course.languages[0]]!.assessment!.draw;
    assert.equal(
      Object.keys(flat).filter((k) => /^cmi\.interactions\.\d+\.id$/.test(k)).length,
      draw,
      `${id} ${format}: one interaction per question`,
    );
    return `${rec.summary.status} ${Math.round(rec.summary.score * 100)} %`;
  }
  if (format === 'xapi' || format === 'cmi5') {
    const list = await until(
      async () => {
        const r = await json<any>(`/api/statements?learner=${learner}&course=${id}&format=${format}`);
        const verbs = (r.body.statements as any[]).map(verbOf);
        return (
          verbs.includes('terminated') &&
          (format === 'xapi' || verbs.includes('satisfied')) &&
          (r.body.statements as any[])
        );
      },
      `terminated${format === 'cmi5' ? ' and satisfied' : ''} for ${id} (${format})`,
    );
    const verbs = list.map(verbOf);
    assert.equal(verbs.filter((v) => v === 'completed').length, 1, `${id} ${format}: one completed`);
    const passed = list.filter((s) => verbOf(s) === 'passed');
    assert.equal(passed.length, 1, `${id} ${format}: one passed`);
    assert.equal(passed[0].result.score.scaled, 1, `${id} ${format}: passed with 100 %`);
    assert.ok(!verbs.includes('failed'), `${id} ${format}: no failed`);
    const draw = course.content[course.languages[0]]!.assessment!.draw;
    assert.equal(verbs.filter((v) => v === 'answered').length, draw, `${id} ${format}: one answered per question`);
    if (format === 'cmi5') {
      assert.equal(verbs[0], 'launched');
      assert.ok(
        verbs.indexOf('satisfied') > verbs.indexOf('passed') && verbs.indexOf('satisfied') > verbs.indexOf('completed'),
        `${id}: satisfied after the statements that met moveOn`,
      );
      // the LMS's own activity ids: neither the AU's nor the course's id in cmi5.xml (cmi5 8.1.5, 9.4)
      const packageIds = [course.iri, `${course.iri.replace(/\/+$/, '')}/au`];
      const satisfied = list.find((s) => verbOf(s) === 'satisfied');
      assert.ok(
        !packageIds.includes(satisfied.object.id),
        `${id}: satisfied is about the LMS's course id, not ${satisfied.object.id}`,
      );
      assert.ok(!packageIds.includes(passed[0].object.id), `${id}: the AU's activityId is the LMS's`);
    }
    const summary = (await json<any[]>(`/api/records?learner=${learner}&course=${id}&format=${format}`)).body[0];
    assert.equal(summary.success, 'passed');
    assert.equal(summary.completion, 'completed');
    if (format === 'cmi5') assert.equal(summary.satisfied, true);
    return `completed, passed ${Math.round(summary.score * 100)} %${format === 'cmi5' ? ', satisfied' : ''}`;
  }
  // web: nothing is reported to the LMS; the certificate (play waits for it) is the proof
  assert.equal((await json<any[]>(`/api/records?learner=${learner}&course=${id}&format=web`)).body.length, 0);
  return 'certificate (no LMS)';
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ict-curriculum-e2e-'));
  const packagesDir = join(work, 'packages');
  mkdirSync(packagesDir);
  [server, browser] = await Promise.all([
    startPreview({
      port: 0,
      coursesDir: COURSES_DIR,
      dataDir: join(work, 'data'),
      packagesDir,
      watch: false,
      log: false,
    }),
    launchChromium(),
  ]);
  const {body: list} = await json<any[]>('/api/courses');
  for (const c of list) {
    assert.ok(c.ok, `${c.id} compiles: ${JSON.stringify(c.problems)}`);
    courses.set(
      c.id,
      await fetchPackagedCourse(new URL(c.packages.web.replace(/index\.html$/, 'course.json'), server.url).href),
    );
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (work) rmSync(work, {recursive: true, force: true});
  if (table.size) {
    const rows = [...table].map(([id, m]) => `| ${id} | ${FORMATS.map((f) => m.get(f) ?? '—').join(' | ')} |`);
    console.log(
      `\n| course | ${FORMATS.join(' | ')} |\n|---|${FORMATS.map(() => '---').join('|')}|\n${rows.join('\n')}`,
    );
    console.log(`curriculum e2e: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
});

test('the preview lists the six courses of the curriculum, each compiled', () => {
  assert.deepEqual([...courses.keys()].sort(), COURSE_IDS);
  assert.equal(COURSE_IDS.length, 6);
});

for (const {id, learner, lang, also = []} of PLAYS) {
  test(
    `${id} in ${lang}, the LMS's preference for ${learner}: passed in every format (SCORM 1.2, SCORM 2004, xAPI, cmi5, web${also.map((f) => `, ${f}`).join('')}) through the player, launched from the preview`,
    {timeout: 300_000},
    async () => {
      const course = courses.get(id)!;
      assert.ok(course.content[lang]?.assessment, `${id} has an assessment in ${lang}`);
      const cells = new Map<Format, string>();
      table.set(`${id} (${lang})`, cells);
      // two plays at a time: most of a play is waiting for the page and the LMS, not computing
      const queue = FORMATS.filter((f) => EVERY_PLAY.includes(f) || also.includes(f));
      const errors: Error[] = [];
      const worker = async () => {
        for (let format = queue.shift(); format; format = queue.shift()) {
          // a browser in English, where an LMS gives the preference (it wins); a web package has the browser's only
          const page = await newPage(format === 'web' ? lang : 'en-US');
          // requests still unanswered, and the player's last words: named in the error when a play stalls
          const open = new Set<string>();
          const said: string[] = [];
          page.on('request', (r) => open.add(`${r.method()} ${r.url()}`));
          page.on('requestfinished', (r) => open.delete(`${r.method()} ${r.url()}`));
          page.on('requestfailed', (r) => open.delete(`${r.method()} ${r.url()}`));
          page.on('console', (m) => said.push(`${m.type()}: ${m.text()}`.slice(0, 200)));
          try {
            // no language in the launch URL: the preview LMS passes on the learner's own preference
            await page.goto(new URL(`/launch/${id}/${format}?learner=${learner}`, server.url).href);
            const frame = page.frameLocator('#course-frame');
            await frame.locator('ict-course h1', {hasText: course.content[lang]!.title}).waitFor({timeout: 45000});
            assert.equal(await frame.locator('html').getAttribute('lang'), lang, `${format}: the page is in ${lang}`);
            assert.equal(
              await frame.locator('html').getAttribute('dir'),
              lang === 'ar' ? 'rtl' : 'ltr',
              `${format}: the page runs ${lang === 'ar' ? 'right to left' : 'left to right'}`,
            );
            await play(frame, course, {lang});
            cells.set(format, await result(course, format, learner));
          } catch (e) {
            cells.set(format, 'FAILED');
            const pending = [...open].filter((u) => !u.includes('/api/events')).slice(0, 8);
            const context = `\n  unanswered requests: ${pending.join(' | ') || 'none'}\n  console: ${said.slice(-5).join(' | ') || 'nothing'}`;
            errors.push(
              new Error(`${id} (${format}): ${e instanceof Error ? e.message : String(e)}${context}`, {cause: e}),
            );
          } finally {
            // A page that will not close (a renderer stuck in its pagehide) must not hold up the run.
            await Promise.race([page.close(), new Promise((r) => setTimeout(r, 5000))]);
          }
        }
      };
      await Promise.all([worker(), worker()]);
      if (errors.length)
        throw errors.length === 1 ? errors[0] : new AggregateError(errors, errors.map((e) => e.message).join('\n'));
    },
  );
}

test("ict-strategy follows the LMS's language preference and downloads that language only: Arabic right to left from SCORM 1.2, French from cmi5, Arabic from an xAPI launch", async () => {
  const course = courses.get('ict-strategy')!;
  assert.ok(course.content.fr && course.content.ar, 'ict-strategy has French and Arabic content');
  const learner = 'youssef.haddad';
  for (const [format, lang] of [
    ['scorm12', 'ar'],
    ['cmi5', 'fr'],
    ['xapi', 'ar'], // the Tin Can launch reads the same cmi5LearnerPreferences profile the LMS wrote
  ] as const) {
    const page = await newPage();
    // the course data the page asks for (the course's frame included)
    const courseData: string[] = [];
    page.on('request', (r) => {
      const name = new URL(r.url()).pathname.split('/').pop()!;
      if (/^course(\.[\w-]+)?\.json$/.test(name)) courseData.push(name);
    });
    try {
      await page.goto(new URL(`/launch/ict-strategy/${format}?learner=${learner}&lang=${lang}`, server.url).href);
      const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
      if (format === 'scorm12')
        assert.equal(config.seed.student_preference.language, lang, 'the LMS seeds cmi.student_preference.language');
      else if (format === 'cmi5') {
        const lrs = xapiClient(
          new URL('/xapi/', server.url).href,
          server.lrs.createCredentials({name: 'test'}).authorization,
        );
        const prefs = await lrs.getAgentProfile({
          agent: {
            objectType: 'Agent',
            account: {homePage: 'https://lms.preview.ict-manager-training.example', name: learner},
          },
          profileId: 'cmi5LearnerPreferences',
        });
        const body = prefs.data as {languagePreference?: string};
        assert.equal(body.languagePreference, lang, 'the LMS wrote cmi5LearnerPreferences');
      }
      const frame = page.frameLocator('#course-frame');
      await frame.locator('ict-course h1', {hasText: course.content[lang]!.title}).waitFor({timeout: 45000});
      const shown = await frame.locator('ict-course').evaluate((el) => {
        const f = el.shadowRoot?.querySelector('.frame');
        return {
          lang: f?.getAttribute('lang'),
          dir: f?.getAttribute('dir'),
          htmlLang: document.documentElement.lang,
          htmlDir: document.documentElement.dir,
        };
      });
      assert.equal(shown.lang, lang);
      assert.equal(shown.htmlLang, lang, 'the player sets the page language');
      assert.equal(shown.dir, lang === 'ar' ? 'rtl' : 'ltr');
      assert.equal(shown.htmlDir, lang === 'ar' ? 'rtl' : 'ltr');
      if (format === 'scorm12') {
        // the SCORM preference is read at Initialize, before anything of the content is asked for
        assert.deepEqual(
          courseData,
          ['course.json', `course.${lang}.json`],
          `${format}: the structure and ${lang} only`,
        );
      } else {
        // the LRS answers two round trips into the launch: the likely language may have been asked for meanwhile
        // (given up when the preference names another); the one shown is downloaded once
        const [structure, ...languages] = courseData;
        assert.equal(structure, 'course.json');
        assert.equal(
          languages.filter((n) => n === `course.${lang}.json`).length,
          1,
          `${format}: ${courseData.join(', ')}`,
        );
        assert.ok(languages.length <= 2, `${format}: at most one guess besides ${lang}: ${courseData.join(', ')}`);
      }
      // the first lesson in that language, played through the UI
      await play(frame, course, {lang, lessons: 1, exit: false});
      assert.equal(await heading(frame).innerText(), course.content[lang]!.lessons[0]!.title);
    } finally {
      await page.close();
    }
  }
});
