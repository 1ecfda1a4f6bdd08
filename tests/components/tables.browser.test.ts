/**
 * Lesson tables and long scenario prompts at 320 px (= 1280 px at 400 % zoom), in English and Arabic: a table wider
 * than the page scrolls inside its own labelled, focusable region (the page never scrolls sideways) and its words
 * stay whole; a decision's long prompt is ordinary text that names the group of options, not a legend.
 */
import {expect} from '@open-wc/testing';
import {setViewport} from '@web/test-runner-commands';
import type {CompiledCourse} from '../../src/course/types.js';
import {$, course, mount, settle} from './helpers.js';

const WORDS = ['Alignment', 'Accountability', 'Responsibilities', 'Procurement'];
const TABLE = `<table><thead><tr><th>Step</th><th>Owner</th><th>Alignment</th><th>Accountability</th></tr></thead>
<tbody><tr><td>Review the portfolio</td><td>Responsibilities of the board</td><td>Alignment with the mandate</td><td>Procurement and accountability</td></tr></tbody></table>`;
const CAPTIONED = `<table><caption>Next steps &amp; owners</caption><tr><th>A</th><td>B</td></tr></table>`;

function withTable(): CompiledCourse {
  const c = course();
  for (const lang of c.languages) {
    const welcome = c.content[lang]!.lessons[0]!;
    welcome.blocks = [{type: 'html', html: `<p>${lang}</p>${TABLE}${CAPTIONED}`}, ...welcome.blocks];
  }
  const ar = c.content['ar']!.lessons.find((l) => l.blocks.some((b) => b.type === 'decision'))!;
  const decision = ar.blocks.find((b) => b.type === 'decision');
  if (decision?.type === 'decision') {
    decision.prompt =
      '<p>أنت ترأس الإدارة في مكتب قُطري صغير، وخادم البريد الإلكتروني الذي تعتمد عليه قديم ويتعطل كل أسبوع تقريبًا، والميزانية محدودة، وقد عرض عليك مقدّم خدمات مشتركة تابع للأمم المتحدة أن يتولى البريد نيابة عنك مقابل رسم سنوي. ماذا تفعل؟</p>';
  }
  return c;
}

/** Whether a word of a cell's text is laid out on one line (a word broken mid-word has two boxes). */
function wordIsWhole(cell: Element, word: string): boolean {
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const i = n.textContent!.indexOf(word);
    if (i < 0) continue;
    const range = document.createRange();
    range.setStart(n, i);
    range.setEnd(n, i + word.length);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    return lines.size === 1;
  }
  throw new Error(`"${word}" is not in the cell`);
}

describe('tables and long prompts at 320 px', () => {
  afterEach(async () => {
    await setViewport({width: 1280, height: 800});
  });

  for (const lang of ['en', 'ar']) {
    it(`a wide table scrolls in its own labelled region, words whole, the page not (${lang})`, async () => {
      await setViewport({width: 320, height: 640});
      const el = await mount({lang, course: withTable()});
      el.go('welcome');
      await settle(el);
      const doc = document.documentElement;
      expect(doc.scrollWidth, 'page width').to.be.at.most(doc.clientWidth);
      const frame = $(el, '.frame');
      expect(frame.scrollWidth, 'course width').to.be.at.most(frame.clientWidth + 1);

      const regions = [...el.shadowRoot!.querySelectorAll<HTMLElement>('.table-scroll')];
      expect(regions).to.have.length(2);
      const [wide, captioned] = regions as [HTMLElement, HTMLElement];
      expect(wide.getAttribute('role')).to.equal('region');
      expect(wide.tabIndex).to.equal(0);
      expect(wide.getAttribute('aria-label')).to.equal(
        `${lang === 'ar' ? 'الجدول' : 'Table'} ${new Intl.NumberFormat(lang).format(1)}`,
      );
      expect(captioned.getAttribute('aria-label')).to.equal('Next steps & owners');
      expect(wide.scrollWidth, 'the table is wider than the page and scrolls').to.be.greaterThan(wide.clientWidth);
      for (const cell of wide.querySelectorAll('th, td')) {
        for (const word of WORDS)
          if (cell.textContent!.includes(word)) expect(wordIsWhole(cell, word), `${word} whole`).to.equal(true);
      }
      wide.focus();
      expect(el.shadowRoot!.activeElement).to.equal(wide);
      await expect(el).to.be.accessible();
      el.remove();
    });
  }

  it('draws a long decision prompt as text that names the options, inside the layout (ar)', async () => {
    await setViewport({width: 320, height: 640});
    const el = await mount({lang: 'ar', course: withTable()});
    el.go('sharing');
    await settle(el);
    const form = $(el, 'form.decision');
    expect(form.querySelector('legend'), 'no legend').to.equal(null);
    const fieldset = form.querySelector('fieldset')!;
    const prompt = el.shadowRoot!.getElementById(fieldset.getAttribute('aria-labelledby')!)!;
    expect(prompt.textContent).to.contain('ماذا تفعل؟');
    expect(getComputedStyle(prompt.querySelector('p')!).fontWeight).to.equal('400');
    const box = form.getBoundingClientRect();
    const text = prompt.getBoundingClientRect();
    expect(text.left).to.be.at.least(box.left - 0.5);
    expect(text.right).to.be.at.most(box.right + 0.5);
    expect(text.bottom).to.be.at.most(fieldset.getBoundingClientRect().top + 0.5);
    expect(document.documentElement.scrollWidth).to.be.at.most(document.documentElement.clientWidth);
    await expect(el).to.be.accessible();
    el.remove();
  });
});
