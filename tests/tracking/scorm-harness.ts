/**
 * What the SCORM tracker tests share: an LMS page made of scorm-again (the real LMS-side API), the course's tracker
 * loaded in a same-origin iframe the way an LMS frames a SCO, a learner driven through the rules as the player
 * drives them, and counters on the LMS side for every API call.
 */
import {emptyProgress, evaluate, findQuestion, setChoice, visitLesson} from '../../src/course/rules.js';
import {answerQuestion, correctOptions, isCorrect, startAttempt, submitAttempt} from '../../src/course/attempts.js';
import type {CompiledCourse, Outcome, Progress, SavedProgress} from '../../src/course/types.js';
import type {AnswerRecord, Tracker, TrackerFactory, TrackerStatus} from '../../src/tracking/tracker.js';

export type Kind = 'scorm12' | 'scorm2004';

const MODULES: Record<Kind, {src: string; name: string}> = {
  scorm12: {src: '/src/tracking/scorm12/scorm12-tracker.ts', name: 'createScorm12Tracker'},
  scorm2004: {src: '/src/tracking/scorm2004/scorm2004-tracker.ts', name: 'createScorm2004Tracker'},
};

const frames: HTMLIFrameElement[] = [];
let innermost: Window | null = null;

/** The window the last tracker module was loaded in (the package page). */
export function trackerWindow(): Window {
  return innermost!;
}

async function until<T>(fn: () => T | undefined | null | false, what: string, timeoutMs = 10000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function emptyFrame(parent: Document): Promise<HTMLIFrameElement> {
  const frame = parent.createElement('iframe');
  frame.srcdoc = '<!doctype html><title>frame</title><body></body>';
  const loaded = new Promise<void>((r) => frame.addEventListener('load', () => r(), {once: true}));
  parent.body.append(frame);
  return loaded.then(() => frame);
}

/**
 * The tracker factory as the package page runs it: its module loaded in a same-origin iframe `depth` levels below
 * this (the LMS's) window, so the tracker finds the API by walking `window.parent`.
 */
export async function factoryInFrame(kind: Kind, depth = 1): Promise<TrackerFactory> {
  let doc = document;
  let frame: HTMLIFrameElement | undefined;
  for (let i = 0; i < depth; i++) {
    frame = await emptyFrame(doc);
    if (i === 0) frames.push(frame);
    doc = frame.contentDocument!;
  }
  const {src, name} = MODULES[kind];
  const script = doc.createElement('script');
  script.type = 'module';
  script.textContent = `import {${name}} from '${new URL(src, location.href).href}'; window.trackerFactory = ${name};`;
  doc.body.append(script);
  innermost = frame!.contentWindow!;
  const win = frame!.contentWindow as unknown as {trackerFactory?: TrackerFactory};
  return until(() => win.trackerFactory, `${name} to load in the frame`);
}

/** The tracker factory loaded in a popup window this (the LMS's) window opened: found through `window.opener`. */
export async function factoryInPopup(kind: Kind): Promise<{factory: TrackerFactory; popup: Window}> {
  const popup = window.open('about:blank', '_blank');
  if (!popup) throw new Error('the browser refused to open a popup');
  const {src, name} = MODULES[kind];
  const script = popup.document.createElement('script');
  script.type = 'module';
  script.textContent = `import {${name}} from '${new URL(src, location.href).href}'; window.trackerFactory = ${name};`;
  popup.document.body.append(script);
  const win = popup as unknown as {trackerFactory?: TrackerFactory};
  const factory = await until(() => win.trackerFactory, `${name} to load in the popup`);
  return {factory, popup};
}

/** Remove the frames made by {@link factoryInFrame}. */
export function removeFrames(): void {
  for (const f of frames.splice(0)) f.remove();
}

/** Every tracker status, in order. */
export function statusLog(tracker: Tracker): TrackerStatus[] {
  const log: TrackerStatus[] = [];
  tracker.addEventListener('tracker-status', (e) => log.push({...(e as unknown as {status: TrackerStatus}).status}));
  return log;
}

/** Resolves with the first status (current or later) that `match` accepts. */
export function statusWhere(
  tracker: Tracker,
  match: (s: TrackerStatus) => boolean,
  timeoutMs = 15000,
): Promise<TrackerStatus> {
  if (match(tracker.status)) return Promise.resolve(tracker.status);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`status never matched; last ${JSON.stringify(tracker.status)}`)),
      timeoutMs,
    );
    const on = (e: Event): void => {
      const s = (e as unknown as {status: TrackerStatus}).status;
      if (match(s)) {
        clearTimeout(timer);
        tracker.removeEventListener('tracker-status', on);
        resolve(s);
      }
    };
    tracker.addEventListener('tracker-status', on);
  });
}

/** Counts and a log of every call made on the LMS's API object (wrapping its methods in place). */
export interface CallCounter {
  counts: Record<string, number>;
  log: string[];
  total(): number;
}

export function countCalls(api: object, names: readonly string[]): CallCounter {
  const counts: Record<string, number> = {};
  const log: string[] = [];
  const target = api as Record<string, (...args: unknown[]) => unknown>;
  for (const n of names) {
    const original = target[n]!.bind(api);
    target[n] = (...args: unknown[]) => {
      counts[n] = (counts[n] ?? 0) + 1;
      const r = original(...args);
      log.push(`${n}(${args.map((a) => JSON.stringify(a)).join(', ')}) -> ${JSON.stringify(r)}`);
      return r;
    };
  }
  return {counts, log, total: () => Object.values(counts).reduce((a, b) => a + b, 0)};
}

/**
 * A learner going through a course the way the player drives a tracker: each step changes progress with the rules,
 * then (in the same turn) answer()/result() and save(), and waits for the save.
 */
export class Learner {
  p: Progress;
  steps = 0;
  lastOutcome?: Outcome;

  constructor(
    readonly tracker: Tracker,
    readonly course: CompiledCourse,
    saved: SavedProgress | null,
  ) {
    this.p = saved?.progress ?? emptyProgress();
  }

  async #commit(next: Progress, record?: AnswerRecord): Promise<void> {
    if (next === this.p) return;
    this.p = next;
    this.steps++;
    if (record) void this.tracker.answer(record);
    this.lastOutcome = evaluate(this.course, next, this.tracker.masteryScore);
    void this.tracker.result(this.lastOutcome);
    await this.tracker.save(next);
  }

  visit(lessonId: string): Promise<void> {
    return this.#commit(visitLesson(this.p, lessonId));
  }

  async visitAll(): Promise<void> {
    for (const l of this.course.content.en!.lessons) await this.visit(l.id);
  }

  choose(blockId: string, value: string): Promise<void> {
    return this.#commit(setChoice(this.p, blockId, value));
  }

  startAssessment(): Promise<void> {
    return this.#commit(startAttempt(this.course, this.p));
  }

  /** Answer a question of the attempt: `right`, `wrong` or the given option ids. */
  answer(questionId: string, how: 'right' | 'wrong' | string[], latencyMs = 4250): Promise<void> {
    const q = findQuestion(this.course, questionId)!;
    const correct = correctOptions(q);
    const response = how === 'right' ? correct : how === 'wrong' ? [q.options.find((o) => !o.correct)!.id] : how;
    const record: AnswerRecord = {
      questionId,
      type: q.type,
      response,
      correct,
      result: isCorrect(q, response) ? 'correct' : 'incorrect',
      weighting: 1,
      latencyMs,
      timestamp: Date.now(),
      description: q.description,
      choices: q.options.map((o) => ({id: o.id, text: o.text})),
    };
    return this.#commit(answerQuestion(this.p, questionId, response), record);
  }

  /** The questions of the attempt in progress. */
  get questions(): string[] {
    return this.p.attempt?.questions ?? [];
  }

  submit(): Promise<void> {
    return this.#commit(submitAttempt(this.course, this.p));
  }

  /** Start an attempt, answer every question of it `how`, and submit it. */
  async takeAssessment(how: 'right' | 'wrong'): Promise<void> {
    await this.startAssessment();
    for (const q of this.questions) await this.answer(q, how);
    await this.submit();
  }
}

export {until};
