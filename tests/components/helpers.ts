/**
 * Helpers for the player's browser tests: the fixture course with an Arabic translation, mounting `<ict-course>`
 * with a real tracker, and reading what has focus through shadow roots.
 */
import {fixture, html} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import {ifDefined} from 'lit/directives/if-defined.js';
import '../../src/components/ict-course/ict-course.js';
import type {IctCourse} from '../../src/components/ict-course/ict-course.js';
import {MemoryTracker} from '../../src/components/ict-course/memory-tracker.js';
import type {CompiledCourse, CourseContent, Outcome, Progress, SavedProgress} from '../../src/course/types.js';
import {
  TrackerStatusEvent,
  type AnswerRecord,
  type LaunchMode,
  type Learner,
  type TrackerFactory,
  type TrackerStatus,
} from '../../src/tracking/tracker.js';
import {fixtureCourse} from '../helpers/course.js';

/** The texts of a translation of the fixture course, each in the place the English has it. */
interface FixtureTexts {
  title: string;
  description: string;
  audience: string;
  objectives: string[];
  /** welcome, sharing and review */
  lessons: [string, string, string];
  /** the welcome lesson's one HTML block */
  welcome: string;
  /** the decision of the sharing lesson: prompt, then [text, consequence] per option */
  decision: {prompt: string; options: [string, string][]};
  /** the self-check of the review lesson */
  selfcheck: {title: string; scale: string[]; items: [string, string][]; bands: [string, string][]};
  /** per question: prompt, and [text, feedback?] per option */
  questions: {prompt: string; options?: [string, string?][]}[];
}

/** A translation of the fixture's English: the same ids and structure, `texts` in place of the English. */
function translated(en: CourseContent, texts: FixtureTexts): CourseContent {
  const c: CourseContent = structuredClone(en);
  Object.assign(c, {title: texts.title, description: texts.description, audience: texts.audience});
  c.objectives = texts.objectives;
  const [welcome, sharing, review] = c.lessons;
  [welcome!.title, sharing!.title, review!.title] = texts.lessons;
  welcome!.blocks = [{type: 'html', html: texts.welcome}];
  const decision = sharing!.blocks.find((b) => b.type === 'decision');
  if (decision?.type === 'decision') {
    decision.prompt = texts.decision.prompt;
    texts.decision.options.forEach(([text, consequence], i) =>
      Object.assign(decision.options[i]!, {text, consequence}),
    );
  }
  const check = review!.blocks.find((b) => b.type === 'selfcheck');
  if (check?.type === 'selfcheck') {
    Object.assign(check, {title: texts.selfcheck.title, scale: texts.selfcheck.scale});
    texts.selfcheck.items.forEach(([text, area], i) => Object.assign(check.items[i]!, {text, area}));
    texts.selfcheck.bands.forEach(([label, advice], i) => Object.assign(check.bands[i]!, {label, advice}));
  }
  texts.questions.forEach((q, i) => {
    const question = c.assessment!.questions[i]!;
    question.prompt = q.prompt;
    q.options?.forEach(([text, feedback], j) =>
      Object.assign(question.options[j]!, feedback === undefined ? {text} : {text, feedback}),
    );
  });
  return c;
}

/** Arabic: the same ids and structure as English, Arabic text throughout. */
const ARABIC: FixtureTexts = {
  title: 'أساسيات تكنولوجيا المعلومات والاتصالات للمديرين',
  description: 'دورة قصيرة تستخدمها اختبارات المشروع.',
  audience: 'المديرون الجدد في تخطيط تكنولوجيا المعلومات والاتصالات',
  objectives: ['بيان الغرض من استراتيجية تكنولوجيا المعلومات والاتصالات', 'تحديد متى تُتقاسم الخدمة'],
  lessons: ['مرحبًا', 'تقاسم الخدمات', 'قيّم وحدتك'],
  welcome:
    '<p>تبيّن هذه الدورة القصيرة كيف تخدم <strong>استراتيجية تكنولوجيا المعلومات والاتصالات</strong> أهداف المنظمة.</p>' +
    '<h2>النقاط الرئيسية</h2><ul><li>التكنولوجيا وسيلة لا غاية.</li><li>تبدأ الخطط من الولاية.</li></ul>',
  decision: {
    prompt: '<p>أنت ترأس الإدارة في مكتب قُطري، وخادم البريد الإلكتروني قديم. ماذا تفعل؟</p>',
    options: [
      ['شراء خادم جديد لمكتبك وحده.', 'ينجح ذلك، لكنك تتحمل التكلفة والصيانة كاملتين.'],
      ['سؤال مقدّم خدمات مشتركة عمّا يقدمه لمؤسسات الأمم المتحدة.', 'تتقاسم التكلفة مع غيرك ويدير الخدمة متخصصون.'],
    ],
  },
  selfcheck: {
    title: 'ما مدى جاهزية وحدتك؟',
    scale: ['ليس بعد', 'جزئيًا', 'كليًا'],
    items: [
      ['لدى وحدتي خطة مكتوبة لتكنولوجيا المعلومات والاتصالات.', 'التخطيط'],
      ['تكاليف التكنولوجيا ظاهرة في ميزانية وحدتي.', 'التخطيط'],
      ['هناك شخص مسمّى يقرر في طلبات التكنولوجيا.', 'القرارات'],
    ],
    bands: [
      ['في البداية', 'دوّن ما تعتمد عليه وحدتك من تكنولوجيا.'],
      ['راسخة', 'راجع خطتك كل عام مع جهة التنسيق المعنية بالتكنولوجيا.'],
    ],
  },
  questions: [
    {
      prompt: '<p>ما الغرض من استراتيجية تكنولوجيا المعلومات والاتصالات؟</p>',
      options: [
        ['خدمة أهداف المنظمة.', 'صحيح. التكنولوجيا وسيلة لتنفيذ الولاية.'],
        ['شراء أحدث التقنيات.', 'لا. التقنية الجديدة ليست غاية في ذاتها.'],
      ],
    },
    {
      prompt: '<p>أيّ مما يلي يمكن للمنظمات أن تتقاسمه؟ اختر كل ما ينطبق.</p>',
      options: [['الاستضافة'], ['كشوف المرتبات'], ['ولايتها']],
    },
    {prompt: '<p>تزداد فوائد الخدمة المشتركة بزيادة عدد الشركاء.</p>'},
  ],
};

/** Simplified Chinese: the same ids and structure as English, Chinese text (and an emphasis) in every view. */
const CHINESE: FixtureTexts = {
  title: '管理人员信息和通信技术基础',
  description: '项目测试使用的一门简短课程。',
  audience: '负责信息和通信技术规划的新任管理人员',
  objectives: ['说明信息和通信技术战略的目的', '判断何时共享一项服务'],
  lessons: ['欢迎', '共享服务', '评估您的部门'],
  welcome:
    '<p>这门简短课程说明<strong>信息和通信技术战略</strong>如何服务于组织的目标。技术是<em>手段</em>，而不是目的；' +
    '计划应当从任务授权出发，并说明每一项投资将支持哪一项成果、由谁负责、如何衡量。</p>' +
    '<h2>要点</h2><ul><li>技术是手段，不是目的。</li><li>计划从任务授权出发。</li></ul>',
  decision: {
    prompt: '<p>您负责一个国家办事处的行政工作，电子邮件服务器已经老化。您会怎么做？</p>',
    options: [
      ['只为本办事处购买一台新服务器。', '这样可行，但费用和维护全部由您承担。'],
      ['询问共同服务提供方能为联合国各组织提供什么。', '费用由多方分担，服务由专业人员管理。'],
    ],
  },
  selfcheck: {
    title: '您的部门准备得如何？',
    scale: ['尚未', '部分', '完全'],
    items: [
      ['我的部门有一份书面的信息和通信技术计划。', '规划'],
      ['技术费用在我部门的预算中清楚可见。', '规划'],
      ['有指定人员决定技术申请。', '决策'],
    ],
    bands: [
      ['起步', '写下您的部门依赖哪些技术。'],
      ['成熟', '每年与技术协调人一起审查计划。'],
    ],
  },
  questions: [
    {
      prompt: '<p>信息和通信技术战略的目的是什么？</p>',
      options: [
        ['服务于组织的目标。', '正确。技术是履行任务授权的手段。'],
        ['购买最新的技术。', '不对。新技术本身不是目的。'],
      ],
    },
    {
      prompt: '<p>以下哪些可以由各组织共享？请选择所有适用的答案。</p>',
      options: [['托管'], ['薪金发放'], ['各自的任务授权']],
    },
    {prompt: '<p>共享服务的效益随伙伴数量的增加而增加。</p>'},
  ],
};

/** The fixture course with a Simplified Chinese translation as well: the views can be checked in Chinese. */
export function chineseCourse(): CompiledCourse {
  const c = course();
  c.languages = [...c.languages, 'zh'];
  c.content.zh = translated(c.content.en!, CHINESE);
  return c;
}

/** The fixture course (en, fr) plus an Arabic translation: every view can be checked in Arabic. */
export function course(): CompiledCourse {
  const c = fixtureCourse();
  c.languages = ['en', 'fr', 'ar'];
  c.content.ar = translated(c.content.en!, ARABIC);
  return c;
}

export interface MountOptions {
  lang?: string;
  tracking?: 'off' | 'local';
  factory?: TrackerFactory;
  course?: CompiledCourse;
  src?: string;
}

/** Mount `<ict-course>` and wait until it shows the course (or an error screen). */
export async function mount(opts: MountOptions = {}): Promise<IctCourse> {
  const el = await fixture<IctCourse>(html`<ict-course
    lang=${opts.lang ?? 'en'}
    tracking=${ifDefined(opts.factory ? opts.tracking : (opts.tracking ?? 'off'))}
    src=${opts.src ?? ''}
    .course=${opts.src ? undefined : (opts.course ?? course())}
    .trackerFactory=${opts.factory}
  ></ict-course>`);
  await waitUntil(() => el.shadowRoot?.querySelector('h1, .error-screen'), 'the course did not render', {
    timeout: 10000,
  });
  if (el.shadowRoot!.querySelector('h1')) await el.loadViews();
  await el.updateComplete;
  return el;
}

/** The element in `el`'s shadow root that matches, or a failing assertion. */
export function $(el: IctCourse, selector: string): HTMLElement {
  const found = el.shadowRoot!.querySelector<HTMLElement>(selector);
  if (!found) throw new Error(`no ${selector} in <ict-course>`);
  return found;
}

/** The button whose text is `text`. */
export function button(el: IctCourse, text: string): HTMLButtonElement {
  const found = [...el.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent?.trim() === text);
  if (!found)
    throw new Error(
      `no button "${text}" in <ict-course>; there are: ${[...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent?.trim()).join(', ')}`,
    );
  return found;
}

/** The focused element, through shadow roots. */
export function deepActive(): Element | null {
  let a: Element | null = document.activeElement;
  while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
  return a;
}

/** Wait for the element to render after a step. */
export async function settle(el: IctCourse): Promise<void> {
  await el.updateComplete;
  await new Promise((r) => requestAnimationFrame(() => r(undefined)));
  await el.updateComplete;
}

/**
 * A tracker that records what the player asks of it and whose status a test sets: the LMS side of the player's
 * contract, observed. (The standalone tracker over real IndexedDB is used where storage itself is under test.)
 */
export class RecordingTracker extends MemoryTracker {
  calls: string[] = [];
  saves: Progress[] = [];
  results: Outcome[] = [];
  override readonly mode: LaunchMode;
  override readonly learner: Learner;
  override readonly language?: string;
  readonly waived?: boolean;

  constructor(
    c: CompiledCourse,
    opts: {mode?: LaunchMode; name?: string; language?: string; status?: TrackerStatus; waived?: boolean} = {},
  ) {
    super(c);
    this.mode = opts.mode ?? 'normal';
    if (opts.waived) this.waived = true;
    this.learner = {id: 'learner-1', ...(opts.name ? {name: opts.name} : {})};
    if (opts.language) this.language = opts.language;
    this.status = opts.status ?? {state: 'saved', pending: 0};
  }
  override async begin(): Promise<SavedProgress | null> {
    this.calls.push('begin');
    return null;
  }
  override async save(p: Progress): Promise<void> {
    this.calls.push('save');
    this.saves.push(p);
  }
  override async answer(r: AnswerRecord): Promise<void> {
    this.calls.push('answer');
    await super.answer(r);
  }
  override async result(o: Outcome): Promise<void> {
    this.calls.push('result');
    this.results.push(o);
  }
  override async end(how: 'exit' | 'suspend'): Promise<void> {
    this.calls.push(`end:${how}`);
  }
  setStatus(status: TrackerStatus): void {
    this.status = status;
    this.dispatchEvent(new TrackerStatusEvent(status));
  }
}

/** Check these options in the form that matches `form`, then submit it as a learner would. */
export async function choose(el: IctCourse, form: string, values: Record<string, string | string[]>): Promise<void> {
  const f = $(el, form) as HTMLFormElement;
  for (const [name, v] of Object.entries(values)) {
    for (const value of Array.isArray(v) ? v : [v]) {
      const input = f.querySelector<HTMLInputElement>(`input[name="${name}"][value="${value}"]`);
      if (!input) throw new Error(`no option ${name}=${value} in ${form}`);
      input.checked = true;
    }
  }
  f.requestSubmit();
  await settle(el);
}

/** Click the first button in the shadow root that matches `selector`. */
export async function click(el: IctCourse, selector: string): Promise<void> {
  $(el, selector).click();
  await settle(el);
}

/** Answer the question on screen with these option ids and submit. */
export async function answer(el: IctCourse, options: string[]): Promise<void> {
  await choose(el, 'form[part="question"]', {answer: options});
}

/** Correct answers of the fixture course's first three questions (drawn in bank order). */
export const RIGHT: Record<string, string[]> = {
  'q-purpose': ['a'],
  'q-share': ['a', 'b'],
  'q-volume': ['true'],
  'q-owner': ['a'],
};
export const WRONG: Record<string, string[]> = {
  'q-purpose': ['b'],
  'q-share': ['c'],
  'q-volume': ['false'],
  'q-owner': ['b'],
};

/** Take the whole attempt with these answers and go to the results. */
export async function takeAttempt(el: IctCourse, answers: Record<string, string[]>): Promise<void> {
  if (!el.shadowRoot!.querySelector('form[part="question"]')) await click(el, '.actions button');
  for (;;) {
    const attempt = el.currentProgress.attempt!;
    const id = attempt.questions.find((q) => !attempt.answers[q]);
    if (!id) break;
    await answer(el, answers[id]!);
    await click(el, '#after-answer');
  }
}
