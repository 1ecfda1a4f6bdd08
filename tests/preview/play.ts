// Plays a course through the player's own UI (<ict-course>, open shadow DOM) inside a launch frame, as a learner
// would: start, every lesson, the assessment with the right (or wrong) answers, the certificate, Exit.
import type {FrameLocator, Locator, Page} from 'playwright-core';
import type {CompiledCourse, Question} from '../../src/course/types.js';

const strip = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

export interface PlayOptions {
  /** the language the player shows (for matching question prompts); default the course's default */
  lang?: string;
  /** answer every question right (default) or wrong */
  correct?: boolean;
  /** the questions (0-based, in the order drawn) to answer wrong; the others right */
  wrong?: readonly number[];
  /** whether the learner passes, so the certificate follows the results (default: every answer right) */
  passes?: boolean;
  /** stop after this many lessons (a partial run); default all, then the assessment */
  lessons?: number;
  /**
   * a relaunch: the course opens on this lesson (0-based), where the learner left off; the play goes on from there
   */
  from?: number;
  /** press the player's Exit button at the end (default true) */
  exit?: boolean;
  timeoutMs?: number;
}

/** The heading of the view the player shows now. */
export function heading(frame: FrameLocator | Page): Locator {
  return frame.locator('ict-course #heading');
}

async function click(l: Locator, timeout: number) {
  await l.waitFor({state: 'visible', timeout});
  await l.click({timeout});
}

/** Plays `course` in the player inside `frame`. Resolves when the last step is done. */
/** Plays `course` in a launch frame, or in a page that shows the player itself (a web package). */
export async function play(frame: FrameLocator | Page, course: CompiledCourse, opts: PlayOptions = {}): Promise<void> {
  const timeout = opts.timeoutMs ?? 15000;
  const content = course.content[opts.lang ?? course.languages[0]] ?? course.content[course.languages[0]]!;
  const el = frame.locator('ict-course');
  await heading(frame).waitFor({state: 'visible', timeout});
  // the start page ("Start the course"); a relaunch opens on the lesson the learner was reading
  if (opts.from === undefined) await click(el.locator('.main .actions button').first(), timeout);
  const lessons = Math.min(opts.lessons ?? content.lessons.length, content.lessons.length);
  for (let i = opts.from ?? 0; i < lessons; i++) {
    await frame
      .locator('ict-course #heading', {hasText: content.lessons[i]!.title})
      .waitFor({state: 'visible', timeout});
    if (i < lessons - 1 || opts.lessons === undefined) await click(el.locator('.pager button.next'), timeout);
  }
  if (opts.lessons !== undefined || !content.assessment) {
    if (opts.exit !== false) await click(el.locator('.tools button'), timeout);
    return;
  }
  // the assessment
  await click(el.locator('.main .actions button').first(), timeout);
  for (let n = 0; n < content.assessment.draw; n++) {
    const form = el.locator('form[part="question"]');
    await form.locator('button[type="submit"]').waitFor({state: 'visible', timeout});
    const legend = (await form.locator('legend').innerText()).replace(/\s+/g, ' ').trim();
    const q: Question | undefined = content.assessment.questions.find((x) => strip(x.prompt) === legend);
    if (!q) throw new Error(`no question of the course has the prompt "${legend}"`);
    const right = q.options.filter((o) => o.correct).map((o) => o.id);
    const choose = opts.correct === false || opts.wrong?.includes(n) ? [q.options.find((o) => !o.correct)!.id] : right;
    for (const id of choose) await form.locator(`input[value="${id}"]`).check({timeout});
    await form.locator('button[type="submit"]').click({timeout});
    await click(el.locator('#after-answer'), timeout);
  }
  // the results, then the certificate where the course is complete
  const toCertificate = el.locator('[part="results"] .actions button').first();
  await toCertificate.waitFor({state: 'visible', timeout});
  if (opts.passes ?? (opts.correct !== false && !opts.wrong?.length)) {
    await toCertificate.click({timeout});
    await el.locator('[part="certificate"]').waitFor({state: 'visible', timeout});
  }
  if (opts.exit !== false) await click(el.locator('.tools button'), timeout);
}
