// The pure parts of the SCORM trackers: time syntaxes, response patterns, status mapping, API discovery.
import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import type {CourseSettings, Outcome} from '../../src/course/types.js';
import {findScormApi, hasMethods, waitForScormApi} from '../../src/tracking/scorm-shared/find-api.js';
import {cut, interactionId} from '../../src/tracking/scorm-shared/ids.js';
import {cmiTimespan, decimal, isoDuration, isoTimestamp} from '../../src/tracking/scorm-shared/time-formats.js';
import {choiceKeys, lessonStatus, response12} from '../../src/tracking/scorm12/scorm12-tracker.js';
import {description2004, response2004, result2004} from '../../src/tracking/scorm2004/scorm2004-tracker.js';
import type {AnswerRecord} from '../../src/tracking/tracker.js';

const settings = (over: Partial<CourseSettings> = {}): CourseSettings => ({
  masteryScore: 0.6,
  completion: 'lessons-and-pass',
  scorm12Report: 'passed-failed',
  failedIsIncomplete: false,
  scorm2004ExitRequest: 'none',
  maxAssetBytes: 1e6,
  ...over,
});

function record(over: Partial<AnswerRecord>): AnswerRecord {
  return {
    questionId: 'q',
    type: 'multiple',
    response: [],
    correct: [],
    result: 'correct',
    weighting: 1,
    latencyMs: 0,
    timestamp: 0,
    description: '',
    choices: [],
    ...over,
  };
}

describe('SCORM time syntaxes', () => {
  it('writes 1.2 CMITimespan as HHHH:MM:SS.SS, capped at the largest value', () => {
    assert.equal(cmiTimespan(0), '0000:00:00.00');
    assert.equal(cmiTimespan(4250), '0000:00:04.25');
    assert.equal(cmiTimespan(3_723_456), '0001:02:03.46');
    assert.equal(cmiTimespan(-5), '0000:00:00.00');
    assert.equal(cmiTimespan(NaN), '0000:00:00.00');
    assert.equal(cmiTimespan(1e12), '9999:59:59.99');
  });

  it('writes 2004 timeinterval as an ISO 8601 duration', () => {
    assert.equal(isoDuration(0), 'PT0S');
    assert.equal(isoDuration(1500), 'PT1.5S');
    assert.equal(isoDuration(61_500), 'PT1M1.5S');
    assert.equal(isoDuration(3_600_000), 'PT1H');
    assert.equal(isoDuration(3_723_456), 'PT1H2M3.46S');
  });

  it('writes 2004 timestamps in UTC with hundredths and Z', () => {
    assert.equal(isoTimestamp(Date.UTC(2026, 10, 25, 9, 14, 33, 129)), '2026-11-25T09:14:33.12Z');
  });

  it('writes decimals without exponent or trailing zeros', () => {
    assert.equal(decimal(2 / 3, 7), '0.6666667');
    assert.equal(decimal(200 / 3, 2), '66.67');
    assert.equal(decimal(100, 2), '100');
    assert.equal(decimal(-1e-9, 2), '0');
    assert.equal(decimal(1e-7, 7), '0.0000001');
  });
});

describe('SCORM interaction values', () => {
  it('makes ids valid 1.2 CMIIdentifiers, unique per attempt', () => {
    assert.equal(interactionId('q-purpose', 1), 'q-purpose.a1');
    assert.equal(interactionId('q purpose/é', 2), 'q_purpose__.a2');
    assert.ok(interactionId('x'.repeat(400), 3).length <= 255);
    assert.match(interactionId('x'.repeat(400), 3), /\.a3$/);
  });

  it('writes 1.2 choice responses as single characters and true-false as t/f', () => {
    const r = record({
      choices: [
        {id: 'a', text: ''},
        {id: 'b', text: ''},
        {id: 'c', text: ''},
      ],
    });
    assert.equal(response12(r, ['a', 'c']), 'a,c');
    const named = record({
      choices: [
        {id: 'hosting', text: ''},
        {id: 'payroll', text: ''},
        {id: 'mandate', text: ''},
      ],
    });
    assert.deepEqual([...choiceKeys(named).values()], ['a', 'b', 'c']);
    assert.equal(response12(named, ['payroll', 'hosting']), 'b,a');
    const tf = record({
      type: 'truefalse',
      choices: [
        {id: 'true', text: ''},
        {id: 'false', text: ''},
      ],
    });
    assert.equal(response12(tf, ['true']), 't');
    assert.equal(response12(tf, ['false']), 'f');
  });

  it('writes 2004 responses with [,] and true/false, and descriptions within 250 characters', () => {
    const r = record({
      choices: [
        {id: 'a', text: ''},
        {id: 'b', text: ''},
      ],
    });
    assert.equal(response2004(r, ['a', 'b']), 'a[,]b');
    assert.equal(response2004(r, ['a', 'a']), 'a', 'a set: no repeats');
    assert.equal(response2004(record({type: 'truefalse'}), ['false']), 'false');
    assert.equal(description2004('x'.repeat(300), 'en').length, 250);
    assert.equal(description2004('{braces} first', 'fr'), '{lang=fr}{braces} first');
    assert.equal(cut('ab\u{1F600}', 3), 'ab', 'no half surrogate pair');
  });
});

describe('SCORM status', () => {
  const passed: Outcome = {progressMeasure: 1, completed: true, passed: true, scaled: 0.8};
  const failed: Outcome = {progressMeasure: 0.75, completed: false, passed: false, scaled: 0.4};
  const reading: Outcome = {progressMeasure: 0.5, completed: false};

  it('maps an outcome to 1.2 lesson_status by the course setting', () => {
    assert.equal(lessonStatus(passed, settings()), 'passed');
    assert.equal(lessonStatus(failed, settings()), 'failed');
    assert.equal(lessonStatus(failed, settings({failedIsIncomplete: true})), 'incomplete');
    assert.equal(lessonStatus(reading, settings()), 'incomplete');
    assert.equal(lessonStatus(passed, settings({scorm12Report: 'completed-incomplete'})), 'completed');
    assert.equal(lessonStatus(failed, settings({scorm12Report: 'completed-incomplete'})), 'incomplete');
    assert.equal(lessonStatus(passed, settings({scorm12Report: 'completed-failed'})), 'completed');
    assert.equal(lessonStatus(failed, settings({scorm12Report: 'completed-failed'})), 'failed');
  });

  it('reports 2004 completion and success apart, never downgrading what the LMS holds', () => {
    const none = () => '';
    assert.deepEqual(
      new Map(result2004(passed, settings(), none)),
      new Map([
        ['cmi.progress_measure', '1'],
        ['cmi.score.scaled', '0.8'],
        ['cmi.score.min', '0'],
        ['cmi.score.max', '100'],
        ['cmi.score.raw', '80'],
        ['cmi.completion_status', 'completed'],
        ['cmi.success_status', 'passed'],
      ]),
    );
    const held = (el: string) => ({'cmi.completion_status': 'completed', 'cmi.success_status': 'passed'})[el] ?? '';
    const again = new Map(result2004(failed, settings(), held));
    assert.equal(again.has('cmi.completion_status'), false);
    assert.equal(again.has('cmi.success_status'), false);
    const noFail = new Map(result2004(failed, settings({failedIsIncomplete: true}), none));
    assert.equal(noFail.get('cmi.success_status'), undefined);
    assert.equal(noFail.get('cmi.completion_status'), 'incomplete');
  });
});

describe('SCORM API discovery', () => {
  /** A stand-in window: `props` are its globals; `crossOrigin` throws on every read, as a foreign frame does. */
  function win(props: Record<string, unknown>, parent?: object, opener?: object, crossOrigin = false): Window {
    const w: Record<string, unknown> = {};
    Object.defineProperty(w, 'parent', {get: () => parent ?? w});
    Object.defineProperty(w, 'opener', {get: () => opener ?? null});
    for (const [k, v] of Object.entries(props)) {
      Object.defineProperty(w, k, {
        get: () => {
          if (crossOrigin) throw new DOMException('Blocked a frame', 'SecurityError');
          return v;
        },
      });
    }
    return w as unknown as Window;
  }
  const api = {LMSInitialize() {}, LMSFinish() {}};
  const ok = (a: unknown) => hasMethods(a, ['LMSInitialize', 'LMSFinish']);

  it('walks parents to the top, skipping frames of another origin and things that are not an API', () => {
    const top = win({API: api});
    const foreign = win({API: api}, top, undefined, true);
    const bogus = win({API: 'not an api'}, foreign);
    const sco = win({}, bogus);
    assert.equal(findScormApi('API', ok, sco), api);
  });

  it('then looks in the opener and its parents (a popup launch)', () => {
    const lmsTop = win({API: api});
    const lmsFrame = win({}, lmsTop);
    const popup = win({}, undefined, lmsFrame);
    assert.equal(findScormApi('API', ok, popup), api);
    assert.equal(findScormApi('API_1484_11', ok, popup), undefined);
  });

  it('looks again where a framed course finds no API yet (an LMS that sets it late); a page on its own is answered at once', async () => {
    const lms: Record<string, unknown> = {};
    const sco = win({}, lms as unknown as Window);
    let set = false;
    setTimeout(() => ((lms.API = api), (set = true)), 120);
    assert.equal(await waitForScormApi('API', ok, sco), api);
    assert.ok(set);
    const alone = win({});
    const t0 = Date.now();
    assert.equal(await waitForScormApi('API', ok, alone), undefined);
    assert.ok(Date.now() - t0 < 50, 'no waiting without a parent or an opener');
  });

  it('stops on frames whose parents never reach a top (a loop), and on openers that open each other', () => {
    const a: Record<string, unknown> = {};
    const b: Record<string, unknown> = {};
    Object.defineProperty(a, 'parent', {get: () => b});
    Object.defineProperty(b, 'parent', {get: () => a});
    Object.defineProperty(a, 'opener', {get: () => b});
    Object.defineProperty(b, 'opener', {get: () => a});
    assert.equal(findScormApi('API', ok, a as unknown as Window), undefined);
  });
});
