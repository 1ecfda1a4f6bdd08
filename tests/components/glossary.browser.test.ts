/**
 * Terms and the glossary, in English and in Arabic on a 320 px screen: a term in a lesson is a button that opens its
 * definition in place (mouse, Enter, Escape to close), the glossary opens from the contents with every term, the
 * learner goes back to where they were, and axe finds nothing, open or closed.
 */
import {expect} from '@open-wc/testing';
import {sendKeys, setViewport} from '@web/test-runner-commands';
import type {CompiledCourse} from '../../src/course/types.js';
import {$, click, course, deepActive, mount, settle} from './helpers.js';

const TEXT = {
  en: {
    before: 'Ask the ',
    words: 'CEB',
    definition:
      'The body where the heads of the organizations of the <strong>UN system</strong> coordinate their work.',
    glossary: [
      ['ceb', 'Chief Executives Board for Coordination (CEB)'],
      ['shared-service', 'shared service'],
    ],
    title: 'Glossary',
  },
  ar: {
    before: 'اسأل ',
    words: 'مجلس الرؤساء التنفيذيين',
    definition: 'الهيئة التي ينسق فيها رؤساء منظمات <strong>منظومة الأمم المتحدة</strong> عملهم.',
    glossary: [
      ['shared-service', 'خدمة مشتركة'],
      ['ceb', 'مجلس الرؤساء التنفيذيين في منظومة الأمم المتحدة المعني بالتنسيق'],
    ],
    title: 'مسرد المصطلحات',
  },
} as const;

/** The fixture course with a term in its first lesson and a glossary, as src/compile/terms.ts builds them. */
function withTerms(lang: 'en' | 'ar'): CompiledCourse {
  const c = course();
  const x = TEXT[lang];
  const content = c.content[lang]!;
  content.lessons[0]!.blocks.push({
    type: 'html',
    html: `<p>${x.before}<button type="button" class="term" aria-expanded="false">${x.words}</button><span class="term-def" hidden>${x.definition}</span>.</p>`,
  });
  content.glossary = x.glossary.map(([id, term]) => ({id, term, definition: `${term}: ${x.definition}`}));
  return c;
}

for (const lang of ['en', 'ar'] as const) {
  describe(`terms and the glossary in ${lang}`, () => {
    before(() => setViewport({width: 320, height: 640}));
    after(() => setViewport({width: 800, height: 600}));

    it('a term opens its definition in place with the mouse and with Enter; Escape closes it; axe finds nothing', async () => {
      const el = await mount({lang, course: withTerms(lang)});
      el.go('welcome');
      await settle(el);
      const term = $(el, 'button.term');
      const definition = $(el, '.term-def');
      expect(term.textContent).to.equal(TEXT[lang].words);
      expect(term.getAttribute('aria-expanded')).to.equal('false');
      expect(getComputedStyle(definition).display).to.equal('none');
      await expect(el).to.be.accessible();

      term.click();
      expect(term.getAttribute('aria-expanded')).to.equal('true');
      expect(getComputedStyle(definition).display).to.equal('block');
      expect(definition.querySelector('strong')).to.exist;
      await expect(el).to.be.accessible();
      term.click();
      expect(term.getAttribute('aria-expanded')).to.equal('false');
      expect(getComputedStyle(definition).display).to.equal('none');

      term.focus();
      await sendKeys({press: 'Enter'});
      expect(term.getAttribute('aria-expanded')).to.equal('true');
      expect(definition.hidden).to.equal(false);
      await sendKeys({press: 'Escape'});
      expect(term.getAttribute('aria-expanded')).to.equal('false');
      expect(definition.hidden).to.equal(true);
      expect(deepActive(), 'focus stays on the term').to.equal(term);
      await sendKeys({press: 'Space'});
      expect(term.getAttribute('aria-expanded')).to.equal('true');
      expect(document.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(320);
    });

    it('the glossary opens from the contents with every term, and goes back to where the learner was', async () => {
      const el = await mount({lang, course: withTerms(lang)});
      el.go('sharing');
      await settle(el);
      const lessonTitle = $(el, '#heading').textContent;
      // on a narrow screen the glossary link is with the contents, behind their button
      expect(getComputedStyle($(el, 'nav .toc-more')).display).to.equal('none');
      await click(el, 'nav .toc-btn');
      const link = $(el, 'nav .toc-more a');
      expect(link.textContent).to.equal(TEXT[lang].title);
      link.click();
      await settle(el);
      expect($(el, '#heading').textContent).to.equal(TEXT[lang].title);
      expect(deepActive(), 'focus on the glossary heading').to.equal($(el, '#heading'));
      expect(link.getAttribute('aria-current')).to.equal('page');
      const terms = [...el.shadowRoot!.querySelectorAll('dl.glossary dt')].map((d) => d.textContent);
      expect(terms).to.deep.equal(TEXT[lang].glossary.map(([, term]) => term));
      expect(el.shadowRoot!.querySelectorAll('dl.glossary dd strong').length).to.equal(TEXT[lang].glossary.length);
      expect(el.currentProgress.location, "the learner's place is kept").to.equal('sharing');
      expect(document.documentElement.scrollWidth, 'no sideways scrolling').to.be.at.most(320);
      await expect(el).to.be.accessible();

      await click(el, '.main .actions button');
      await settle(el);
      expect($(el, '#heading').textContent).to.equal(lessonTitle);
      expect(deepActive(), 'focus on the lesson heading').to.equal($(el, '#heading'));
    });

    it('a course without terms has no glossary link', async () => {
      const el = await mount({lang});
      expect(el.shadowRoot!.querySelector('nav .toc-more')).to.equal(null);
    });
  });
}
