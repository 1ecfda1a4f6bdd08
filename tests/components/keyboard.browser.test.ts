/**
 * The fixture course completed with the keyboard alone (Tab, Space, Enter, as a learner without a mouse does),
 * and focus moved to the new heading on every navigation.
 */
import {expect} from '@open-wc/testing';
import {sendKeys} from '@web/test-runner-commands';
import type {IctCourse} from '../../src/components/ict-course/ict-course.js';
import {RecordingTracker, deepActive, mount, settle} from './helpers.js';

/** Press Tab until the focused element matches, or fail after `limit` presses. */
async function tabTo(what: string, match: (el: Element) => boolean, limit = 40): Promise<void> {
  for (let i = 0; i < limit; i++) {
    await sendKeys({press: 'Tab'});
    const active = deepActive();
    if (active && match(active)) return;
  }
  throw new Error(`Tab never reached ${what}; focus is on ${deepActive()?.outerHTML.slice(0, 120)}`);
}
const buttonNamed = (text: string) => (el: Element) => el.tagName === 'BUTTON' && el.textContent?.trim() === text;
const input = (value: string) => (el: Element) => el.tagName === 'INPUT' && (el as HTMLInputElement).value === value;

/**
 * Select option `value` of the question on screen as a keyboard user does: a checkbox is a stop of its own (Tab,
 * then Space); a radio group is one stop (Tab into it), and the arrow keys move through its options, in the order
 * they are shown, selecting as they go.
 */
async function pick(el: IctCourse, value: string): Promise<void> {
  const radios = el.shadowRoot!.querySelector('form[part="question"] input[type="radio"]');
  if (!radios) {
    await tabTo(`option ${value}`, input(value));
    await press(el, 'Space');
    return;
  }
  await tabTo('the options', (a) => a.tagName === 'INPUT' && (a as HTMLInputElement).name === 'answer');
  for (let i = 0; i < 10 && !input(value)(deepActive()!); i++) await sendKeys({press: 'ArrowDown'});
  if (!input(value)(deepActive()!)) throw new Error(`the arrow keys never reached option ${value}`);
  await press(el, 'Space');
}

async function press(el: IctCourse, key: 'Enter' | 'Space'): Promise<void> {
  await sendKeys({press: key});
  await settle(el);
}

function expectHeadingFocused(text: string | RegExp): void {
  const active = deepActive();
  expect(active?.tagName, 'focus after navigation').to.equal('H2');
  if (typeof text === 'string') expect(active?.textContent).to.equal(text);
  else expect(active?.textContent).to.match(text);
}

describe('keyboard only', () => {
  it('completes the course with Tab, Space and Enter; focus moves to each new heading', async () => {
    let tracker!: RecordingTracker;
    const el = await mount({factory: async (c) => (tracker = new RecordingTracker(c))});
    const completed: unknown[] = [];
    el.addEventListener('ict-complete', (e) => completed.push(e.detail.outcome));

    await tabTo('Start', buttonNamed('Start the course'));
    await press(el, 'Enter');
    expectHeadingFocused('Welcome');

    await tabTo('Next', buttonNamed('Next'));
    await press(el, 'Enter');
    expectHeadingFocused('Sharing services');

    // The decision: the first option, then see what happens.
    await tabTo('the first option', input('a'));
    await press(el, 'Space');
    await tabTo('See what happens', buttonNamed('See what happens'));
    await press(el, 'Enter');
    expect(el.currentProgress.choices['share-email']).to.equal('a');
    await tabTo('Next', buttonNamed('Next'));
    await press(el, 'Enter');
    expectHeadingFocused('Check your unit');

    // The self-check: rate each statement (Tab reaches each group; Space picks its first rating).
    for (const item of ['plan', 'budget', 'owner']) {
      await tabTo(`the ${item} rating`, (a) => a.tagName === 'INPUT' && (a as HTMLInputElement).name === item);
      await press(el, 'Space');
    }
    await tabTo('Show my profile', buttonNamed('Show my profile'));
    await press(el, 'Enter');
    expect(el.currentProgress.choices['unit-check']).to.equal('plan:0,budget:0,owner:0');
    await tabTo('Next', buttonNamed('Next'));
    await press(el, 'Enter');
    expectHeadingFocused('Assessment');

    await tabTo('Start the assessment', buttonNamed('Start the assessment'));
    await press(el, 'Enter');
    expectHeadingFocused('Question 1 of 3');

    const answers: [string, string[]][] = [
      ['Question 1 of 3', ['a']],
      ['Question 2 of 3', ['a', 'b']],
      ['Question 3 of 3', ['true']],
    ];
    for (const [heading, values] of answers) {
      expectHeadingFocused(heading);
      for (const v of values) await pick(el, v);
      await tabTo('Submit answer', buttonNamed('Submit answer'));
      await press(el, 'Enter');
      // Focus goes to the way on: the learner hears the feedback (live region) and can go on at once.
      expect(deepActive()?.id).to.equal('after-answer');
      await press(el, 'Enter');
    }
    expectHeadingFocused('Results');
    expect(el.currentProgress.score).to.equal(1);

    await tabTo('Go to your certificate', buttonNamed('Go to your certificate'));
    await press(el, 'Enter');
    expectHeadingFocused('Course completed');
    expect(completed).to.have.length(1);
    expect(tracker.results.at(-1)).to.include({completed: true, passed: true, scaled: 1});
    expect(tracker.calls.filter((c) => c === 'answer')).to.have.length(3);
  });

  it('focuses the heading when the contents are used to navigate', async () => {
    const el = await mount();
    await tabTo(
      'Check your unit in the contents',
      (a) => a.tagName === 'A' && a.textContent!.includes('Check your unit'),
    );
    await press(el, 'Enter');
    expectHeadingFocused('Check your unit');
    const current = el.shadowRoot!.querySelector('nav a[aria-current="page"]');
    expect(current?.textContent).to.contain('Check your unit');
  });

  it('shows focus visibly', async () => {
    const el = await mount();
    await tabTo('Start', buttonNamed('Start the course'));
    const style = getComputedStyle(deepActive()!);
    expect(style.outlineStyle).to.equal('solid');
    expect(parseFloat(style.outlineWidth)).to.be.at.least(2);
    expect(el).to.exist;
  });
});
