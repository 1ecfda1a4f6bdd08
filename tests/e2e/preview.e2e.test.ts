// The preview LMS (`npm start`) end to end: the real server on a free port with a temporary data folder and a copy
// of the fixture courses, real Chromium through playwright-core. Each format of the fixture course is launched from
// the catalogue and played to the end through the player's UI; the result is read back from the preview's own API.
// Then: a SCORM resume, records kept across a restart, an invalid statement rejected with its reason, a second cmi5
// fetch refused, a cmi5 review launch in another browser showing the earlier results read from the LRS, a 1.2
// commit over 4,096 characters of suspend data refused, an edit and a compile error shown
// without a restart, the reset, and axe on the catalogue and a launch page. Screenshots go to $ICT_SCREENSHOTS
// (default a temporary folder), never into the repository.
import {after, before, test} from 'node:test';
import assert from 'node:assert/strict';
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {type Browser, type Page} from 'playwright-core';
import type {CompiledCourse} from '../../src/course/types.js';
import {compileCourse} from '../../src/compile/index.js';
import {HttpFailure, xapiClient} from '../../src/cli/xapi-client.js';
import type {Statement} from '@xapi/xapi';
import {assemblePackage, buildPlayer, zipFiles} from '../../src/package/index.js';
import {startPreview, type PreviewServer} from '../../src/preview/server.js';
import {play} from '../preview/play.js';
import {until} from '../helpers/until.js';
import {launchChromium} from '../helpers/browser.js';
import {fetchPackagedCourse} from '../helpers/packages.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/courses', import.meta.url));
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const LEARNER = 'grace.otieno';

let work: string;
let coursesDir: string;
let dataDir: string;
let packagesDir: string;
let shots: string;
let server: PreviewServer;
let browser: Browser;
let course: CompiledCourse;

async function json<T = any>(path: string, init?: RequestInit): Promise<{status: number; body: T}> {
  const r = await fetch(new URL(path, server.url), init);
  const text = await r.text();
  return {status: r.status, body: (text ? JSON.parse(text) : undefined) as T};
}

async function record(learner: string, format: string) {
  const {body} = await json<any[]>(`/api/records?learner=${learner}&course=basics&format=${format}`);
  return body[0];
}

async function newPage(): Promise<Page> {
  const page = await browser.newPage({viewport: {width: 1440, height: 900}});
  page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
  return page;
}

/** Opens the catalogue for a learner and clicks the launch button of a format, as a person does. */
async function launchFromCatalogue(page: Page, learner: string, format: string, label: string): Promise<void> {
  await page.goto(new URL(`/?learner=${learner}&lang=en`, server.url).href);
  await page.getByRole('link', {name: `Launch ICT basics for managers as ${label}`}).click();
  await page.waitForURL(new RegExp(`/launch/basics/${format}\\?`));
}

async function axe(page: Page): Promise<string[]> {
  await page.addScriptTag({content: AXE});
  const result = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']});
    return r.violations.map(
      (v: any) => `${v.id}: ${v.help} (${v.nodes.map((n: any) => n.target.join(' ')).join(', ')})`,
    );
  });
  return result;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ict-preview-e2e-'));
  coursesDir = join(work, 'courses');
  dataDir = join(work, 'data');
  packagesDir = join(work, 'packages');
  cpSync(FIXTURES, coursesDir, {recursive: true});
  // a release zip, as `npm run package` writes it
  mkdirSync(packagesDir);
  const compiled = await compileCourse(join(coursesDir, 'basics'));
  assert.ok(compiled.ok);
  const files = await assemblePackage(
    compiled.course,
    join(coursesDir, 'basics'),
    'scorm2004',
    await buildPlayer('scorm2004', {outDir: false}),
  );
  writeFileSync(join(packagesDir, 'basics-1.0.0-scorm2004.zip'), zipFiles(files));
  shots = process.env.ICT_SCREENSHOTS ?? join(work, 'screenshots');
  mkdirSync(shots, {recursive: true});
  server = await startPreview({port: 0, coursesDir, dataDir, packagesDir, log: false});
  browser = await launchChromium();
  const {body: courses} = await json<any[]>('/api/courses');
  course = await fetchPackagedCourse(
    new URL(courses.find((c) => c.id === 'basics').packages.web.replace(/index\.html$/, 'course.json'), server.url)
      .href,
  );
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (!process.env.ICT_SCREENSHOTS) console.log(`screenshots: ${shots}`);
  if (process.env.ICT_KEEP !== '1') {
    rmSync(coursesDir, {recursive: true, force: true});
    rmSync(dataDir, {recursive: true, force: true});
    rmSync(packagesDir, {recursive: true, force: true});
  }
});

test('the catalogue lists the course with its languages, version, a launch per format, the pickers; it passes axe', async () => {
  const page = await newPage();
  await page.goto(new URL(`/?learner=${LEARNER}&lang=en`, server.url).href);
  assert.equal(await page.locator('h1').innerText(), 'ICT Manager Training preview LMS');
  const card = page.locator('article[data-course="basics"]');
  assert.equal(await card.locator('h3').innerText(), 'ICT basics for managers');
  assert.match(await card.locator('.facts').innerText(), /1\.0\.0[\s\S]*en, fr[\s\S]*6 min/);
  assert.deepEqual(await card.locator('.launches a').allInnerTexts(), [
    'SCORM 1.2',
    'SCORM 2004',
    'SCORM 2004 3rd ed.',
    'AICC',
    'xAPI',
    'cmi5',
    'Web',
  ]);
  assert.equal(await page.getByLabel('Learner').inputValue(), LEARNER);
  assert.equal(await page.getByLabel('Language preference').inputValue(), 'en');
  assert.match(await page.locator('.note').innerText(), /This is a preview/);
  assert.deepEqual(await axe(page), []);
  await page.close();
});

for (const [format, label] of [
  ['scorm12', 'SCORM 1.2'],
  ['scorm2004', 'SCORM 2004 4th Edition'],
] as const) {
  test(`${label}: launched through scorm-again, played to the end; the LMS holds passed, 100 %, the interactions and the session time`, async () => {
    const page = await newPage();
    await launchFromCatalogue(page, LEARNER, format, label);
    await play(page.frameLocator('#course-frame'), course, {lang: 'en'});
    const rec = await until(async () => {
      const r = await json<any>(`/api/scorm/${LEARNER}/basics/${format}`);
      return r.body.sessions?.at(-1)?.finished && r.body;
    }, 'the final commit (sendBeacon on LMSFinish/Terminate)');
    const flat = rec.flat as Record<string, string>;
    if (format === 'scorm12') {
      assert.equal(flat['cmi.core.lesson_status'], 'passed');
      assert.equal(Number(flat['cmi.core.score.raw']), 100);
      assert.equal(flat['cmi.core.student_id'], LEARNER);
      assert.match(flat['cmi.core.session_time']!, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
      assert.equal(flat['cmi.student_preference.language'], 'en');
    } else {
      assert.equal(flat['cmi.completion_status'], 'completed');
      assert.equal(flat['cmi.success_status'], 'passed');
      assert.equal(Number(flat['cmi.score.scaled']), 1);
      assert.equal(flat['cmi.scaled_passing_score'], '0.6');
      assert.match(flat['cmi.session_time']!, /^PT/);
    }
    const interactions = Object.keys(flat).filter((k) => /^cmi\.interactions\.\d+\.id$/.test(k));
    assert.equal(interactions.length, 3, 'one interaction per answered question');
    const summary = await record(LEARNER, format);
    assert.equal(summary.success, 'passed');
    assert.equal(summary.completion, 'completed');
    assert.equal(summary.score, 1);
    assert.ok(summary.seconds > 0);
    // the inspector showed it live
    await page.locator('#summary [data-field="status"]', {hasText: 'passed'}).waitFor();
    assert.ok((await page.locator('#calls li').count()) > 5);
    if (format === 'scorm12') await page.screenshot({path: join(shots, 'launch-scorm12.png')});
    await page.close();
  });
}

test("SCORM 2004 review launch from the catalogue's mode picker: cmi.mode review, no credit, the record unchanged", async () => {
  const page = await newPage();
  await page.goto(new URL(`/?learner=${LEARNER}&lang=en`, server.url).href);
  await page.getByLabel('Launch mode').selectOption('review');
  await page.getByRole('button', {name: 'Apply'}).click();
  await page.getByRole('link', {name: 'Launch ICT basics for managers as SCORM 2004 4th Edition'}).click();
  await page.waitForURL(/mode=review/);
  const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
  assert.equal(config.seed.mode, 'review');
  assert.equal(config.seed.credit, 'no-credit');
  assert.equal(config.seed.completion_status, 'completed', 'a review shows the learner what they did');
  const frame = page.frameLocator('#course-frame');
  await frame.locator('ict-course [part="notice"]').waitFor();
  await page.locator('#session-state', {hasText: 'mode review'}).waitFor();
  await page.goto('about:blank');
  const summary = await record(LEARNER, 'scorm2004');
  assert.equal(summary.status, 'completed, passed');
  assert.equal(summary.attempt, 1);
  await page.close();
});

test('SCORM 1.2 resume: leave mid-course, relaunch: entry is resume and the learner continues where they left off', async () => {
  const learner = 'amina.diallo';
  const page = await newPage();
  await page.goto(new URL(`/launch/basics/scorm12?learner=${learner}&lang=en`, server.url).href);
  await play(page.frameLocator('#course-frame'), course, {lang: 'en', lessons: 2, exit: false});
  // leaving the page: the course suspends and finishes (pagehide), as when a learner closes the LMS window
  await page.goto('about:blank');
  const first = await until(async () => {
    const r = await json<any>(`/api/scorm/${learner}/basics/scorm12`);
    return r.body.cmi?.core?.exit === 'suspend' && r.body.cmi?.suspend_data && r.body;
  }, 'a suspended commit');
  assert.equal(first.cmi.core.lesson_status, 'incomplete');
  await page.goto(new URL(`/launch/basics/scorm12?learner=${learner}&lang=en`, server.url).href);
  const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
  assert.equal(config.seed.core.entry, 'resume');
  assert.equal(config.seed.suspend_data, first.cmi.suspend_data);
  // the player opens where the learner was: the second lesson, with the first one marked as visited
  const frame = page.frameLocator('#course-frame');
  await frame.locator('ict-course #heading', {hasText: course.content.en!.lessons[1]!.title}).waitFor();
  assert.match(
    await frame.locator('ict-course nav[part="toc"] a[aria-current="page"]').innerText(),
    new RegExp(course.content.en!.lessons[1]!.title),
  );
  assert.match(await frame.locator('ict-course nav[part="toc"] li').first().innerText(), /visited/);
  await page.locator('#session-state', {hasText: 'entry resume'}).waitFor();
  await page.screenshot({path: join(shots, 'launch-scorm12-resumed.png')});
  await page.close();
});

for (const [format, label] of [
  ['xapi', 'xAPI (Tin Can launch)'],
  ['cmi5', 'cmi5'],
] as const) {
  test(`${label}: launched with its launch parameters, played to the end; the LRS holds the statements`, async () => {
    const page = await newPage();
    await launchFromCatalogue(page, LEARNER, format, label);
    const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
    const launchUrl = new URL(config.packageUrl, server.url);
    if (format === 'xapi') {
      for (const p of ['endpoint', 'auth', 'actor', 'registration', 'activity_id'])
        assert.ok(launchUrl.searchParams.get(p), p);
    } else {
      for (const p of ['endpoint', 'fetch', 'actor', 'registration', 'activityId'])
        assert.ok(launchUrl.searchParams.get(p), p);
    }
    await play(page.frameLocator('#course-frame'), course, {lang: 'en'});
    if (format === 'cmi5') {
      // terminated, then the returnURL: back to the catalogue
      await page.waitForURL(/\/\?.*returned=basics/, {timeout: 15000});
      assert.match(await page.locator('.notice').innerText(), /returned from ICT basics for managers/);
      await page.screenshot({path: join(shots, 'catalogue-after-cmi5.png'), fullPage: true});
    }
    const statements = await until(async () => {
      const r = await json<any>(`/api/statements?learner=${LEARNER}&course=basics&format=${format}`);
      const list = r.body.statements as any[];
      const verbs = list.map((s) => String(s.verb.id).split('/').pop());
      return verbs.includes('terminated') && (format === 'xapi' || verbs.includes('satisfied')) && list;
    }, 'terminated (and satisfied for cmi5)');
    const verbs = statements.map((s) => String(s.verb.id).split('/').pop());
    if (format === 'cmi5') {
      assert.equal(verbs[0], 'launched');
      assert.equal(verbs[1], 'initialized');
      assert.equal(verbs.filter((v) => v === 'completed').length, 1);
      assert.equal(verbs.filter((v) => v === 'passed').length, 1);
      assert.ok(verbs.indexOf('satisfied') > verbs.indexOf('passed'));
    } else {
      assert.equal(verbs[0], 'initialized');
      assert.ok(verbs.includes('passed'));
      assert.ok(verbs.includes('completed'));
    }
    assert.equal(verbs.filter((v) => v === 'answered').length, 3);
    const summary = await record(LEARNER, format);
    assert.equal(summary.success, 'passed');
    assert.equal(summary.completion, 'completed');
    assert.equal(summary.score, 1);
    if (format === 'cmi5') {
      assert.equal(summary.satisfied, true);
      // the AU fetched its token once; a second fetch is refused (cmi5 error 1)
      const again = await fetch(launchUrl.searchParams.get('fetch')!, {method: 'POST'});
      const refusal = await again.json();
      assert.equal(refusal['error-code'], '1', JSON.stringify(refusal));
      assert.equal(refusal['auth-token'], undefined);
    } else {
      // the inspector hears of each batch over its event stream: it may show the last one a moment after the LRS
      await until(
        async () => (await page.locator('#statements li').count()) === statements.length,
        10_000,
        `the inspector listing every statement live (${statements.length})`,
      );
    }
    await page.close();
  });
}

test('a release zip is launched as it is and played to the end; the record names its version', async () => {
  const learner = 'li.wei';
  const page = await newPage();
  await page.goto(new URL(`/?learner=${learner}&lang=en`, server.url).href);
  await page.getByRole('link', {name: 'Launch basics-1.0.0-scorm2004.zip'}).click();
  await page.waitForURL(/release=basics-1\.0\.0-scorm2004/);
  const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
  assert.match(config.packageUrl, /^\/releases\/basics-1\.0\.0-scorm2004\/[0-9a-f]+\/index\.html$/);
  assert.equal(config.source, 'release package basics-1.0.0-scorm2004.zip');
  await play(page.frameLocator('#course-frame'), course, {lang: 'en'});
  const summary = await until(async () => {
    const r = await record(learner, 'scorm2004');
    return r?.success === 'passed' && r;
  }, 'the passed record');
  assert.equal(summary.courseVersion, '1.0.0');
  const manifest = await fetch(new URL(config.packageUrl.replace('index.html', 'imsmanifest.xml'), server.url));
  assert.equal(manifest.status, 200, 'the zip is served whole: its manifest too');
  await page.close();
});

test('web: the standalone package plays to the end with no LMS; nothing is reported', async () => {
  const page = await newPage();
  await launchFromCatalogue(page, LEARNER, 'web', 'web (standalone)');
  await play(page.frameLocator('#course-frame'), course, {lang: 'en'});
  assert.equal((await json<any[]>(`/api/records?learner=${LEARNER}&format=web`)).body.length, 0);
  await page.close();
});

for (const [format, label] of [
  ['scorm12', 'SCORM 1.2'],
  ['scorm2004', 'SCORM 2004 4th Edition'],
  ['xapi', 'xAPI (Tin Can launch)'],
  ['cmi5', 'cmi5'],
  ['web', 'web (standalone)'],
] as const) {
  test(`${label}: passed, exited, relaunched: the certificate shows the earlier outcome and the LMS still holds passed, 100 %`, async () => {
    const learner = 'carlos.mendoza';
    const page = await newPage();
    await launchFromCatalogue(page, learner, format, label);
    await play(page.frameLocator('#course-frame'), course, {lang: 'en'});
    const passed = async () => {
      if (format === 'web') return true;
      const r = await record(learner, format);
      return r?.success === 'passed' && r?.score === 1 && (format !== 'cmi5' || r.satisfied) && r;
    };
    await until(passed, 'the passed record');
    if (format === 'cmi5') await page.waitForURL(/\/\?.*returned=basics/, {timeout: 15000});
    await launchFromCatalogue(page, learner, format, label);
    const frame = page.frameLocator('#course-frame');
    // the course opens on the certificate, with the earlier score
    await frame.locator('ict-course [part="certificate"]').waitFor({state: 'visible', timeout: 15000});
    assert.match(await frame.locator('ict-course [part="certificate"]').innerText(), /Score\s+100\s?%/);
    if (format === 'scorm12' || format === 'scorm2004') {
      // the attempt ended: it opens for review; a new attempt is the learner's choice
      await page.locator('#session-state', {hasText: 'mode review'}).waitFor();
      assert.match(await page.locator('.attempt-note').innerText(), /opens for review/);
    }
    // leave, and the LMS holds what it held
    await page.goto('about:blank');
    if (format !== 'web') {
      const after = await until(passed, 'the record after the relaunch');
      assert.equal(after.completion, 'completed');
    }
    if (format === 'scorm12') {
      // a new attempt, asked for: it starts afresh, and the records keep the first one as the best
      await launchFromCatalogue(page, learner, format, label);
      await page.locator('#new-attempt').click();
      await page.waitForURL(/attempt=new/);
      await frame.locator('ict-course .main .actions button').first().waitFor({state: 'visible'});
      await page.locator('#session-state', {hasText: 'entry ab-initio'}).waitFor();
      const r = await record(learner, format);
      assert.equal(r.attempt, 2);
      assert.deepEqual(r.attempts[0], {attempt: 1, status: 'passed', score: 1});
      await page.goto(new URL(`/?learner=${learner}&lang=en`, server.url).href);
      assert.match(
        await page.locator('tr[data-course="basics"][data-format="scorm12"] [data-field="best"]').innerText(),
        /best of 2: attempt 1, passed, 100 %/,
      );
    }
    await page.close();
  });
}

test('the LRS rejects an invalid statement with 400 and the reason', async () => {
  const c = server.lrs.createCredentials({name: 'test'});
  const noVerb = {actor: {objectType: 'Agent', mbox: 'mailto:a@example.org'}, object: {id: 'https://example.org/x'}};
  const refusal = await xapiClient(new URL('/xapi/', server.url).href, c.authorization)
    .sendStatement({statement: noVerb as unknown as Statement})
    .then(
      () => assert.fail('the LRS stored a statement without a verb'),
      (e: unknown) => e,
    );
  assert.ok(refusal instanceof HttpFailure, String(refusal));
  assert.equal(refusal.status, 400);
  const body = JSON.parse(refusal.body);
  assert.match(body.message, /invalid statement/);
  assert.match(body.message, /verb/);
});

test('a SCORM 1.2 commit with suspend_data over 4,096 characters is refused, as a 1.2 LMS refuses it', async () => {
  const page = await newPage();
  await page.goto(new URL(`/launch/basics/scorm12?learner=olga.petrova&lang=en`, server.url).href);
  const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
  await page.close();
  const commit = (suspend: string) =>
    json<any>(config.commitUrl, {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({
        cmi: {core: {lesson_status: 'incomplete', exit: 'suspend', session_time: '0000:00:01'}, suspend_data: suspend},
      }),
    });
  const refused = await commit('x'.repeat(4097));
  assert.equal(refused.body.result, 'false');
  assert.match(refused.body.errorMessage, /4,096/);
  const accepted = await commit('x'.repeat(4096));
  assert.equal(accepted.body.result, 'true');
  assert.equal((await record('olga.petrova', 'scorm12')).lastRefusal.reason.includes('4097 characters'), true);
});

test('records persist: a restart of the server finds every record', async () => {
  const before = (await json<any[]>('/api/records')).body;
  assert.ok(before.length >= 5, `records before the restart: ${before.length}`);
  await server.close();
  server = await startPreview({port: 0, coursesDir, dataDir, packagesDir, log: false});
  const afterRestart = (await json<any[]>('/api/records')).body;
  const pick = (list: any[]) => list.map((r) => [r.learner, r.format, r.status, r.score, r.seconds]);
  assert.deepEqual(pick(afterRestart), pick(before));
  const page = await newPage();
  await page.goto(new URL(`/?learner=${LEARNER}&lang=en`, server.url).href);
  const row = page.locator('tr[data-course="basics"][data-format="cmi5"]');
  assert.match(await row.locator('.status').innerText(), /completed, passed/);
  assert.equal(await row.locator('.score').innerText(), '100 %');
  await page.screenshot({path: join(shots, 'catalogue.png'), fullPage: true});
  await page.close();
});

test('an edit to the sources shows in the catalogue without a restart; a compile error shows with file:line', async () => {
  const yamlPath = join(coursesDir, 'basics', 'course.yaml');
  const original = readFileSync(yamlPath, 'utf8');
  try {
    writeFileSync(
      yamlPath,
      original.replace('title: ICT basics for managers', 'title: ICT basics for managers, revised'),
    );
    await until(
      async () => (await json<any[]>('/api/courses')).body[0]?.title === 'ICT basics for managers, revised',
      'the recompiled title',
    );
    const page = await newPage();
    await page.goto(new URL(`/?learner=${LEARNER}&lang=en`, server.url).href);
    assert.equal(
      await page.locator('article[data-course="basics"] h3').innerText(),
      'ICT basics for managers, revised',
    );
    // the next launch serves the new build
    await page.goto(new URL(`/launch/basics/web?learner=${LEARNER}&lang=en`, server.url).href);
    await page.frameLocator('#course-frame').locator('ict-course h1', {hasText: 'revised'}).waitFor();
    writeFileSync(yamlPath, original.replace('mastery: 0.6', 'mastery: 60'));
    const broken = await until(async () => {
      const c = (await json<any[]>('/api/courses')).body[0];
      return c && !c.ok && c;
    }, 'the compile error');
    assert.ok(
      broken.problems.some((p: any) => p.file.endsWith('course.yaml') && p.line > 0),
      JSON.stringify(broken.problems),
    );
    await page.goto(new URL(`/?learner=${LEARNER}&lang=en`, server.url).href);
    const alert = page.locator('article.broken [role="alert"]');
    assert.match(await alert.innerText(), /does not compile[\s\S]*course\.yaml:\d+/);
    await page.close();
  } finally {
    writeFileSync(yamlPath, original);
    await until(async () => (await json<any[]>('/api/courses')).body[0]?.ok, 'the course compiling again');
  }
});

test('AICC HACP: launched with aicc_sid and aicc_url, played to the end; the inspector lists each request it received; the record is passed', async () => {
  const learner = 'olga.petrova';
  const page = await newPage();
  await page.goto(new URL(`/launch/basics/aicc?learner=${learner}&lang=en`, server.url).href);
  const config = JSON.parse((await page.locator('#launch-config').textContent()) ?? '{}');
  const launchUrl = new URL(config.packageUrl, server.url);
  assert.equal(launchUrl.searchParams.get('aicc_sid'), config.sessionId);
  assert.equal(launchUrl.searchParams.get('aicc_url'), new URL('/hacp', server.url).href);
  await play(page.frameLocator('#course-frame'), course, {lang: 'en'});
  const rec = await until(async () => {
    const r = await json<any>(`/api/scorm/${learner}/basics/aicc`);
    return r.body.sessions?.at(-1)?.finished && r.body;
  }, 'ExitAU');
  assert.equal(rec.cmi.core.lesson_status, 'passed');
  assert.equal(rec.cmi.core.exit, '');
  // the inspector: what the LMS received, request by request
  const calls = page.locator('#calls li');
  await calls.filter({hasText: /^exitau → error=0/}).waitFor();
  assert.match(await calls.first().innerText(), /^getparam → error=0 Successful/);
  assert.ok((await calls.filter({hasText: /^putparam → error=0/}).count()) >= 3);
  assert.match(await calls.filter({hasText: 'Lesson_Status=passed'}).first().innerText(), /\[Core_Lesson\]/);
  assert.notEqual(await page.locator('#summary [data-field="calls"]').innerText(), '0');
  assert.deepEqual(await axe(page), []);
  // an unknown session: CMI001's error 3
  const r = await fetch(new URL('/hacp', server.url), {
    method: 'POST',
    body: new URLSearchParams({command: 'GetParam', version: '4.0', session_id: 'no-such-session', aicc_data: ''}),
  });
  assert.match(await r.text(), /^error=3\r\n/);
  await page.close();
});

test('cmi5 launchMethod OwnWindow: the launch page opens the course in a window of its own; at Exit that window closes and the launch page goes back to the catalogue', async () => {
  const learner = 'li.wei';
  const page = await newPage();
  await page.goto(new URL(`/launch/basics/cmi5?learner=${learner}&lang=en&launchMethod=OwnWindow`, server.url).href);
  const open = page.getByRole('button', {name: 'Open the course in its own window'});
  await open.waitFor();
  assert.equal(await page.locator('#course-frame').isHidden(), true, 'no frame: the course is not framed');
  assert.deepEqual(await axe(page), []);
  const [popup] = await Promise.all([page.context().waitForEvent('page'), open.click()]);
  const closed = popup.waitForEvent('close');
  await play(popup, course, {lang: 'en'});
  await closed;
  await page.waitForURL(/[?&]returned=basics/);
  const list = await until(async () => {
    const r = await json<any>(`/api/statements?learner=${learner}&course=basics&format=cmi5`);
    const verbs = (r.body.statements as any[]).map((x) => String(x.verb.id).split('/').pop());
    return verbs.includes('terminated') && verbs;
  }, 'terminated');
  for (const v of ['initialized', 'completed', 'passed', 'terminated']) assert.ok(list.includes(v), v);
  await page.close();
});

test('the launch page passes axe', async () => {
  const page = await newPage();
  await page.goto(new URL(`/launch/basics/scorm2004?learner=li.wei&lang=en`, server.url).href);
  await page.locator('#session-state', {hasText: 'Session open'}).waitFor();
  assert.deepEqual(await axe(page), []);
  await page.close();
});

test('reset needs confirmation, then deletes every record', async () => {
  const refused = await json<any>('/api/reset', {
    method: 'POST',
    headers: {'Content-Type': 'application/json'},
    body: '{}',
  });
  assert.equal(refused.status, 400);
  assert.ok((await json<any[]>('/api/records')).body.length > 0);
  const page = await newPage();
  await page.goto(new URL(`/?learner=${LEARNER}&lang=en`, server.url).href);
  await page.getByRole('button', {name: 'Delete all records'}).click();
  assert.match(page.url(), /\/\?learner=/, 'the browser refuses the form without the confirmation box');
  await page.getByLabel('I understand that every record is deleted').check();
  await page.getByRole('button', {name: 'Delete all records'}).click();
  await page.locator('.notice', {hasText: 'Every record has been deleted.'}).waitFor();
  assert.deepEqual((await json<any[]>('/api/records')).body, []);
  assert.equal(server.lrs.allStatements().length, 0);
  await page.close();
});

test("cmi5 Review launch in a browser that never ran the course: the learner's earlier result and answers, read from the LRS; no new attempt; only initialized and terminated from the course", async () => {
  const learner = 'youssef.haddad';
  const statementsOf = async () =>
    ((await json<any>(`/api/statements?learner=${learner}&course=basics&format=cmi5`)).body.statements as any[]).map(
      (x) => String(x.verb.id).split('/').pop(),
    );
  const first = await newPage();
  await first.goto(new URL(`/launch/basics/cmi5?learner=${learner}&lang=en`, server.url).href);
  await play(first.frameLocator('#course-frame'), course, {lang: 'en', correct: false});
  await first.waitForURL(/[?&]returned=basics/);
  await first.close();
  const before = await until(async () => {
    const verbs = await statementsOf();
    return verbs.includes('failed') && verbs.includes('terminated') && verbs;
  }, 'the failed session ended');
  // another browser (a new context: no IndexedDB, no sessionStorage), launched for review
  const page = await newPage();
  await page.goto(new URL(`/launch/basics/cmi5?learner=${learner}&lang=en&mode=review`, server.url).href);
  const frame = page.frameLocator('#course-frame');
  await frame.locator('ict-course [part="notice"]', {hasText: 'Review mode'}).waitFor();
  // it opens where the learner left off: their results
  const results = frame.locator('ict-course [part="results"]');
  await results.waitFor();
  assert.match(await results.locator('.score').innerText(), /\b0\s?%/);
  assert.match(await results.locator('.verdict').innerText(), /not yet passed/i);
  const draw = course.content.en!.assessment!.draw;
  assert.equal(await results.locator('.review li').count(), draw, 'each earlier answer shown with its feedback');
  assert.equal(await results.getByRole('button', {name: /try again/i}).count(), 0, 'no new attempt offered');
  await frame.locator('ict-course .tools button').click();
  await page.waitForURL(/[?&]returned=basics/);
  const after = await until(async () => {
    const verbs = await statementsOf();
    return verbs.filter((v) => v === 'terminated').length === 2 && verbs;
  }, 'the review session ended');
  const added = after.slice(before.length);
  assert.deepEqual(added, ['launched', 'initialized', 'terminated']);
  await page.close();
});
