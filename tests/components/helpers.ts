/**
 * Helpers for the player's browser tests: the fixture course with an Arabic translation, mounting `<ict-course>`
 * with a real tracker, and reading what has focus through shadow roots.
 */
import {fixture, html, waitUntil} from '@open-wc/testing';
import '../../src/components/ict-course/ict-course.js';
import type {IctCourse} from '../../src/components/ict-course/ict-course.js';
import type {CompiledCourse, CourseContent} from '../../src/course/types.js';
import type {TrackerFactory} from '../../src/tracking/tracker.js';
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
    tracking=${opts.tracking ?? 'off'}
    src=${opts.src ?? ''}
    .course=${opts.src ? undefined : (opts.course ?? course())}
    .trackerFactory=${opts.factory}
  ></ict-course>`);
  await waitUntil(() => el.shadowRoot?.querySelector('h1, .error-screen'), 'the course did not render', {timeout: 10000});
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
  if (!found) throw new Error(`no button "${text}" in <ict-course>; there are: ${[...el.shadowRoot!.querySelectorAll('button')].map((b) => b.textContent?.trim()).join(', ')}`);
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
