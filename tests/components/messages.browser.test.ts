/**
 * What the learner reads when saving or the launch goes wrong: every status code a tracker reports shows its own
 * message (not a generic one) in the language shown, a launch error names the launch parameter, and the answer
 * records of true/false questions carry the option texts the learner saw, in their language.
 */
import {expect} from '@open-wc/testing';
import {waitUntil} from '../helpers/wait.js';
import type {IctErrorEvent} from '../../src/components/events.js';
import {loadMessages, loadViewStrings} from '../../src/i18n/index.js';
import {LaunchError} from '../../src/tracking/xapi/launch.js';
import type {TrackerStatus} from '../../src/tracking/tracker.js';
import {$, RIGHT, RecordingTracker, mount, settle, takeAttempt} from './helpers.js';

const STATUSES: TrackerStatus[] = [
  {state: 'error', pending: 1, code: 'commit-refused'},
  {state: 'error', pending: 2, code: 'credentials-expired'},
  {state: 'error', pending: 1, code: 'statement-rejected'},
  {state: 'error', pending: 0, code: 'state-too-large'},
  {state: 'error', pending: 0, code: 'no-lms'},
  {state: 'error', pending: 0, code: 'storage-unavailable'},
  {state: 'error', pending: 0, code: 'quota-exceeded'},
  {state: 'local', pending: 0, code: 'no-lms'},
  {state: 'saved', pending: 0, code: 'state-unreadable'},
  {state: 'saved', pending: 0, code: 'session-ended'},
  {state: 'saved', pending: 0, code: 'storage-unavailable'},
];

for (const lang of ['en', 'ar']) {
  describe(`status and launch messages (${lang})`, () => {
    it('shows the message of each status code, as an alert for errors', async () => {
      const messages = (await loadMessages(lang)) as Record<string, string>;
      let tracker!: RecordingTracker;
      const el = await mount({lang, factory: async (c) => (tracker = new RecordingTracker(c))});
      for (const status of STATUSES) {
        tracker.setStatus(status);
        await settle(el);
        const where = status.state === 'error' ? '[part="status"] [role="alert"]' : '[part="status"] > span';
        const want = messages[status.code!]!;
        await waitUntil(
          () => $(el, where).textContent === want,
          `${status.state} ${status.code}: "${$(el, where).textContent}"`,
        );
        if (status.state === 'error') await expect(el).to.be.accessible();
      }
    });

    it('names the launch parameter when the course was launched without it', async () => {
      const messages = await loadMessages(lang);
      const errors: IctErrorEvent['detail'][] = [];
      document.addEventListener('ict-error', (e) => errors.push(e.detail), {once: true});
      const el = await mount({
        lang,
        factory: async () => {
          throw new LaunchError('missing-parameter', 'The launch parameter "endpoint" is missing.', 'endpoint');
        },
      });
      await waitUntil(() => el.shadowRoot!.querySelector('.error-screen'), 'the error screen');
      const text = $(el, '.error-screen').textContent!;
      expect(text).to.contain(messages['missing-parameter'].replace('{parameter}', 'endpoint'));
      expect(text).to.contain('missing-parameter');
      expect(errors[0]).to.include({code: 'tracker-failed', launchCode: 'missing-parameter', parameter: 'endpoint'});
      expect($(el, '.frame').getAttribute('dir')).to.equal(lang === 'ar' ? 'rtl' : 'ltr');
      await expect(el).to.be.accessible();
    });

    it('explains a refused cmi5 fetch without a parameter', async () => {
      const messages = await loadMessages(lang);
      const el = await mount({
        lang,
        factory: async () => {
          throw new LaunchError('fetch-refused', 'The LMS refused to start this session.', 'fetch');
        },
      });
      await waitUntil(() => el.shadowRoot!.querySelector('.error-screen'), 'the error screen');
      expect($(el, '.error-screen').textContent).to.contain(messages['fetch-refused']);
    });

    it('records true/false options in the learner’s language', async () => {
      const views = await loadViewStrings(lang);
      let tracker!: RecordingTracker;
      const el = await mount({lang, factory: async (c) => (tracker = new RecordingTracker(c))});
      el.go('assessment');
      await settle(el);
      ($(el, '.actions button') as HTMLButtonElement).click();
      await settle(el);
      await takeAttempt(el, RIGHT);
      const record = tracker.answers.find((a) => a.questionId === 'q-volume');
      expect(record, 'the true/false question was answered').to.exist;
      expect(record!.choices).to.deep.equal([
        {id: 'true', text: views.true},
        {id: 'false', text: views.false},
      ]);
    });
  });
}
