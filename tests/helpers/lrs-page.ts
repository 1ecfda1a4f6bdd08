// The page the xAPI and cmi5 end-to-end tests drive (bundled by esbuild, served with the LRS by lrs-harness.ts).
// It plays the fixture course through a real tracker as the player does: one save per step, answer records,
// results from the course rules. `window.au` is what the tests call through page.evaluate().
import {evaluate, findQuestion, visitLesson, emptyProgress} from '../../src/course/rules.js';
import {answerQuestion, correctOptions, startAttempt, submitAttempt} from '../../src/course/attempts.js';
import type {CompiledCourse, Progress} from '../../src/course/types.js';
import {createCmi5Tracker} from '../../src/tracking/cmi5/cmi5-tracker.js';
import type {Tracker} from '../../src/tracking/tracker.js';
import {LrsTracker} from '../../src/tracking/xapi/lrs-tracker.js';
import {createXapiTracker} from '../../src/tracking/xapi/xapi-tracker.js';
import {fixtureCourse} from './course.js';

let course: CompiledCourse;
let ending: Promise<unknown> | null = null;
let tracker: Tracker;
let progress: Progress;
const statuses: string[] = [];

async function step(next: Progress) {
  progress = next;
  await tracker.save(progress);
  await tracker.result(evaluate(course, progress, tracker.masteryScore));
}

function outbox() {
  if (!(tracker instanceof LrsTracker)) throw new Error(`not an LRS tracker: ${tracker.format}`);
  return tracker.outbox;
}

const au = {
  async start(format: 'xapi' | 'cmi5') {
    course = fixtureCourse();
    try {
      tracker = await (format === 'xapi' ? createXapiTracker : createCmi5Tracker)(course);
    } catch (e) {
      const err = e as {name?: string; code?: string; parameter?: string; message?: string};
      return {error: {name: err.name, code: err.code, parameter: err.parameter, message: err.message}};
    }
    tracker.addEventListener('tracker-status', () =>
      statuses.push(`${tracker.status.state}:${tracker.status.pending}:${tracker.status.code ?? ''}`),
    );
    const saved = await tracker.begin();
    progress = saved?.progress ?? emptyProgress();
    return {
      format: tracker.format,
      mode: tracker.mode,
      masteryScore: tracker.masteryScore ?? null,
      language: tracker.language ?? null,
      learner: tracker.learner,
      resumedAt: saved?.progress.location ?? null,
      visited: saved?.progress.visited ?? [],
      waived: tracker.waived ?? false,
    };
  },
  async visit(lessonId: string) {
    await step(visitLesson(progress, lessonId));
  },
  async visitAll() {
    for (const l of course.content.en!.lessons) await step(visitLesson(progress, l.id));
  },
  /** One attempt: every drawn question answered correctly (or wrongly), then submitted. */
  async attempt(correct: boolean) {
    progress = startAttempt(course, progress, 1);
    await tracker.save(progress);
    for (const qid of progress.attempt!.questions) {
      const q = findQuestion(course, qid)!;
      const right = correctOptions(q);
      const chosen = correct ? right : [q.options.find((o) => !o.correct)!.id];
      const shown = Date.now();
      progress = answerQuestion(progress, qid, chosen);
      await tracker.answer({
        questionId: qid,
        type: q.type,
        response: chosen,
        correct: right,
        result: correct ? 'correct' : 'incorrect',
        weighting: 1,
        latencyMs: Date.now() - shown + 1500,
        timestamp: Date.now(),
        description: q.description,
        choices: q.options.map((o) => ({id: o.id, text: o.text})),
      });
      await tracker.save(progress);
    }
    await step(submitAttempt(course, progress));
    return evaluate(course, progress, tracker.masteryScore);
  },
  /** Queue `n` extra statements of about `bytes` each (to fill the keepalive budget); returns their ids. */
  async bulk(n: number, bytes: number) {
    const t = tracker as LrsTracker;
    const statements = Array.from({length: n}, (_, i) => ({
      actor: t.actor,
      verb: {id: 'http://adlnet.gov/expapi/verbs/experienced', display: {'en-US': 'experienced'}},
      object: {objectType: 'Activity' as const, id: `${t.activityId}/bulk/${i}`},
      result: {extensions: {'https://example.org/xapi/extensions/padding': 'x'.repeat(bytes)}},
      context: t.registration ? {registration: t.registration} : {},
      timestamp: new Date().toISOString(),
    }));
    return outbox().add(statements);
  },
  status() {
    return tracker.status;
  },
  /**
   * Resolves once what has been queued so far is stored on this device (on a first launch the database module
   * loads after the first paint: a frame or a timer) and the sends its storing starts are under way: an empty add,
   * stored after every earlier one.
   */
  async stored() {
    await outbox().add([]);
  },
  statuses() {
    return statuses;
  },
  /** what the outbox holds now, oldest first: kind, verb and cmi5 session of each item; and this session's id */
  queue() {
    const sessionId = (tracker as {sessionId?: string}).sessionId ?? null;
    const items = outbox().pendingItems.map((i) => ({
      id: i.id,
      kind: i.kind,
      verb: i.statement ? String(i.statement.verb?.id).split('/').at(-1)! : null,
      sessionId:
        (i.statement?.context?.extensions?.['https://w3id.org/xapi/cmi5/context/extensions/sessionid'] as
          string | undefined) ?? null,
    }));
    return {sessionId, items};
  },
  /**
   * The learner presses Exit at the moment the last of `ids` leaves the outbox (acknowledged or discarded): an exact
   * point inside the tracker's own work, reached by its status event, not by timing. `ended()` waits for that exit.
   */
  endWhenGone(ids: string[]) {
    const gone = () => ids.every((id) => !outbox().has(id));
    ending = new Promise((resolve, reject) => {
      const check = () => {
        if (!gone()) return;
        outbox().removeEventListener('outbox-status', check);
        tracker.end('exit').then(resolve, reject);
      };
      outbox().addEventListener('outbox-status', check);
      check();
    });
  },
  async ended() {
    await ending;
    return tracker.status;
  },
  /** ids of everything queued (sent or not) in this page: the outbox items now pending */
  pendingIds() {
    return outbox().pendingItems.map((i) => i.id);
  },
  rejected() {
    return outbox().rejected;
  },
  async flush() {
    await outbox().flush();
    return tracker.status;
  },
  /** true once everything reported so far has reached the LRS (see LrsTracker.idle) */
  async idle(ms = 15_000) {
    if (!(tracker instanceof LrsTracker)) throw new Error(`not an LRS tracker: ${tracker.format}`);
    return tracker.idle(ms);
  },
  async drain(ms = 10_000) {
    return outbox().drain(ms);
  },
  async end(how: 'exit' | 'suspend') {
    await tracker.end(how);
    return tracker.status;
  },
};

(window as unknown as {au: typeof au}).au = au;
document.body.dataset.ready = 'true';
