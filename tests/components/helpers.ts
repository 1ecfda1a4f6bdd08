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

/** Arabic: the same ids and structure as English, Arabic text throughout. */
function arabic(en: CourseContent): CourseContent {
  const c: CourseContent = structuredClone(en);
  c.title = 'أساسيات تكنولوجيا المعلومات والاتصالات للمديرين';
  c.description = 'دورة قصيرة تستخدمها اختبارات المشروع.';
  c.audience = 'المديرون الجدد في تخطيط تكنولوجيا المعلومات والاتصالات';
  c.objectives = ['بيان الغرض من استراتيجية تكنولوجيا المعلومات والاتصالات', 'تحديد متى تُتقاسم الخدمة'];
  const [welcome, sharing, review] = c.lessons;
  welcome!.title = 'مرحبًا';
  welcome!.blocks = [
    {
      type: 'html',
      html:
        '<p>تبيّن هذه الدورة القصيرة كيف تخدم <strong>استراتيجية تكنولوجيا المعلومات والاتصالات</strong> أهداف المنظمة.</p>' +
        '<h2>النقاط الرئيسية</h2><ul><li>التكنولوجيا وسيلة لا غاية.</li><li>تبدأ الخطط من الولاية.</li></ul>',
    },
  ];
  sharing!.title = 'تقاسم الخدمات';
  const decision = sharing!.blocks.find((b) => b.type === 'decision');
  if (decision?.type === 'decision') {
    decision.prompt = '<p>أنت ترأس الإدارة في مكتب قُطري، وخادم البريد الإلكتروني قديم. ماذا تفعل؟</p>';
    decision.options[0]!.text = 'شراء خادم جديد لمكتبك وحده.';
    decision.options[0]!.consequence = 'ينجح ذلك، لكنك تتحمل التكلفة والصيانة كاملتين.';
    decision.options[1]!.text = 'سؤال مقدّم خدمات مشتركة عمّا يقدمه لمؤسسات الأمم المتحدة.';
    decision.options[1]!.consequence = 'تتقاسم التكلفة مع غيرك ويدير الخدمة متخصصون.';
  }
  review!.title = 'قيّم وحدتك';
  const check = review!.blocks.find((b) => b.type === 'selfcheck');
  if (check?.type === 'selfcheck') {
    check.title = 'ما مدى جاهزية وحدتك؟';
    check.scale = ['ليس بعد', 'جزئيًا', 'كليًا'];
    check.items[0]!.text = 'لدى وحدتي خطة مكتوبة لتكنولوجيا المعلومات والاتصالات.';
    check.items[0]!.area = 'التخطيط';
    check.items[1]!.text = 'تكاليف التكنولوجيا ظاهرة في ميزانية وحدتي.';
    check.items[1]!.area = 'التخطيط';
    check.items[2]!.text = 'هناك شخص مسمّى يقرر في طلبات التكنولوجيا.';
    check.items[2]!.area = 'القرارات';
    check.bands[0]!.label = 'في البداية';
    check.bands[0]!.advice = 'دوّن ما تعتمد عليه وحدتك من تكنولوجيا.';
    check.bands[1]!.label = 'راسخة';
    check.bands[1]!.advice = 'راجع خطتك كل عام مع جهة التنسيق المعنية بالتكنولوجيا.';
  }
  const qs = c.assessment!.questions;
  qs[0]!.prompt = '<p>ما الغرض من استراتيجية تكنولوجيا المعلومات والاتصالات؟</p>';
  qs[0]!.options[0]!.text = 'خدمة أهداف المنظمة.';
  qs[0]!.options[0]!.feedback = 'صحيح. التكنولوجيا وسيلة لتنفيذ الولاية.';
  qs[0]!.options[1]!.text = 'شراء أحدث التقنيات.';
  qs[0]!.options[1]!.feedback = 'لا. التقنية الجديدة ليست غاية في ذاتها.';
  qs[1]!.prompt = '<p>أيّ مما يلي يمكن للمنظمات أن تتقاسمه؟ اختر كل ما ينطبق.</p>';
  qs[1]!.options[0]!.text = 'الاستضافة';
  qs[1]!.options[1]!.text = 'كشوف المرتبات';
  qs[1]!.options[2]!.text = 'ولايتها';
  qs[2]!.prompt = '<p>تزداد فوائد الخدمة المشتركة بزيادة عدد الشركاء.</p>';
  return c;
}

/** Simplified Chinese: the same ids and structure as English, Chinese text (and an emphasis) in every view. */
function chinese(en: CourseContent): CourseContent {
  const c: CourseContent = structuredClone(en);
  c.title = '管理人员信息和通信技术基础';
  c.description = '项目测试使用的一门简短课程。';
  c.audience = '负责信息和通信技术规划的新任管理人员';
  c.objectives = ['说明信息和通信技术战略的目的', '判断何时共享一项服务'];
  const [welcome, sharing, review] = c.lessons;
  welcome!.title = '欢迎';
  welcome!.blocks = [
    {
      type: 'html',
      html:
        '<p>这门简短课程说明<strong>信息和通信技术战略</strong>如何服务于组织的目标。技术是<em>手段</em>，而不是目的；' +
        '计划应当从任务授权出发，并说明每一项投资将支持哪一项成果、由谁负责、如何衡量。</p>' +
        '<h2>要点</h2><ul><li>技术是手段，不是目的。</li><li>计划从任务授权出发。</li></ul>',
    },
  ];
  sharing!.title = '共享服务';
  const decision = sharing!.blocks.find((b) => b.type === 'decision');
  if (decision?.type === 'decision') {
    decision.prompt = '<p>您负责一个国家办事处的行政工作，电子邮件服务器已经老化。您会怎么做？</p>';
    decision.options[0]!.text = '只为本办事处购买一台新服务器。';
    decision.options[0]!.consequence = '这样可行，但费用和维护全部由您承担。';
    decision.options[1]!.text = '询问共同服务提供方能为联合国各组织提供什么。';
    decision.options[1]!.consequence = '费用由多方分担，服务由专业人员管理。';
  }
  review!.title = '评估您的部门';
  const check = review!.blocks.find((b) => b.type === 'selfcheck');
  if (check?.type === 'selfcheck') {
    check.title = '您的部门准备得如何？';
    check.scale = ['尚未', '部分', '完全'];
    check.items[0]!.text = '我的部门有一份书面的信息和通信技术计划。';
    check.items[0]!.area = '规划';
    check.items[1]!.text = '技术费用在我部门的预算中清楚可见。';
    check.items[1]!.area = '规划';
    check.items[2]!.text = '有指定人员决定技术申请。';
    check.items[2]!.area = '决策';
    check.bands[0]!.label = '起步';
    check.bands[0]!.advice = '写下您的部门依赖哪些技术。';
    check.bands[1]!.label = '成熟';
    check.bands[1]!.advice = '每年与技术协调人一起审查计划。';
  }
  const qs = c.assessment!.questions;
  qs[0]!.prompt = '<p>信息和通信技术战略的目的是什么？</p>';
  qs[0]!.options[0]!.text = '服务于组织的目标。';
  qs[0]!.options[0]!.feedback = '正确。技术是履行任务授权的手段。';
  qs[0]!.options[1]!.text = '购买最新的技术。';
  qs[0]!.options[1]!.feedback = '不对。新技术本身不是目的。';
  qs[1]!.prompt = '<p>以下哪些可以由各组织共享？请选择所有适用的答案。</p>';
  qs[1]!.options[0]!.text = '托管';
  qs[1]!.options[1]!.text = '薪金发放';
  qs[1]!.options[2]!.text = '各自的任务授权';
  qs[2]!.prompt = '<p>共享服务的效益随伙伴数量的增加而增加。</p>';
  return c;
}

/** The fixture course with a Simplified Chinese translation as well: the views can be checked in Chinese. */
export function chineseCourse(): CompiledCourse {
  const c = course();
  c.languages = [...c.languages, 'zh'];
  c.content.zh = chinese(c.content.en!);
  return c;
}

/** The fixture course (en, fr) plus an Arabic translation: every view can be checked in Arabic. */
export function course(): CompiledCourse {
  const c = fixtureCourse();
  c.languages = ['en', 'fr', 'ar'];
  c.content.ar = arabic(c.content.en!);
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

  constructor(
    c: CompiledCourse,
    opts: {mode?: LaunchMode; name?: string; language?: string; status?: TrackerStatus} = {},
  ) {
    super(c);
    this.mode = opts.mode ?? 'normal';
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
