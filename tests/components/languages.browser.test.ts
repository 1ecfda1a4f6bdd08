/**
 * A course sent without its text (`course.json` with its structure, a file per language): the player fetches the
 * language it shows and no other, fetches another when the learner switches, and keeps the one shown when a file
 * cannot be had. The files are real (blob: URLs fetched by the player); the tracker is the recording one.
 */
import {expect} from '@open-wc/testing';
import {splitCourse} from '../../src/course/split.js';
import {emptyProgress, visitLesson} from '../../src/course/rules.js';
import type {CompiledCourse, SavedProgress} from '../../src/course/types.js';
import {waitUntil} from '../helpers/wait.js';
import {$, button, course, mount, RecordingTracker, settle} from './helpers.js';

const url = (data: unknown) => URL.createObjectURL(new Blob([JSON.stringify(data)], {type: 'application/json'}));

/**
 * The fixture course (en, fr, ar) split as a package writes it: the URL of its course.json, its files' URLs, and
 * the URLs of the files of its questions (with `questionsOf`, the data those hold).
 */
function published(): {
  src: string;
  files: Record<string, string>;
  questions: Record<string, string>;
  questionsOf: Record<string, unknown>;
} {
  const split = splitCourse(course());
  const files = Object.fromEntries([...split.contents].map(([lang, content]) => [lang, url(content)]));
  const questionsOf = Object.fromEntries(split.questions);
  const questions = Object.fromEntries([...split.questions].map(([lang, a]) => [lang, url(a)]));
  return {
    src: url({...split.structure, contentFiles: files, questionFiles: questions}),
    files,
    questions,
    questionsOf,
  };
}

const loadedLanguages = (el: {loader: {loaded: CompiledCourse | null}}) => Object.keys(el.loader.loaded!.content);

class Resuming extends RecordingTracker {
  constructor(
    c: CompiledCourse,
    private readonly saved: SavedProgress,
  ) {
    super(c);
  }
  override async begin(): Promise<SavedProgress | null> {
    return this.saved;
  }
}

describe('a course whose languages come in files of their own', () => {
  it('fetches only the language of the LMS preference, and the others when the learner switches', async () => {
    const {src} = published();
    const el = await mount({src, lang: '', factory: async (c) => new RecordingTracker(c, {language: 'fr-CA'})});
    expect($(el, 'h1').textContent).to.equal('Les bases des TIC pour les cadres');
    expect(loadedLanguages(el)).to.deep.equal(['fr']);
    const select = $(el, 'select') as HTMLSelectElement;
    select.value = 'ar';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => $(el, '.frame').getAttribute('dir') === 'rtl', 'the course did not switch to Arabic');
    await settle(el);
    expect($(el, 'h1').textContent).to.equal('أساسيات تكنولوجيا المعلومات والاتصالات للمديرين');
    expect(loadedLanguages(el).sort()).to.deep.equal(['ar', 'fr']);
    expect(el.currentProgress.lang).to.equal('ar');
  });

  it('resumes saved progress in the saved language, at the saved place', async () => {
    const {src} = published();
    const progress = {...visitLesson(emptyProgress(), 'welcome'), location: 'sharing', lang: 'ar'};
    const el = await mount({
      src,
      lang: 'en',
      factory: async (c) => new Resuming(c, {progress, courseVersion: '1.0.0'}),
    });
    await waitUntil(
      () => $(el, '#heading').textContent === 'تقاسم الخدمات',
      'not resumed at the second lesson in Arabic',
    );
    expect(loadedLanguages(el)).to.deep.equal(['ar']);
  });

  it('keeps the language shown, and says so, when the chosen language cannot be downloaded', async () => {
    const {src, files} = published();
    URL.revokeObjectURL(files.ar!); // as a file the network cannot bring
    const el = await mount({src, lang: 'en', factory: async (c) => new RecordingTracker(c)});
    expect(loadedLanguages(el)).to.deep.equal(['en']);
    const select = $(el, 'select') as HTMLSelectElement;
    select.value = 'ar';
    select.dispatchEvent(new Event('change'));
    await waitUntil(
      () => el.shadowRoot!.querySelector('[aria-live]')?.textContent?.includes('could not be downloaded'),
      'the learner was not told',
    );
    await settle(el);
    expect($(el, '.frame').getAttribute('lang')).to.equal('en');
    expect(($(el, 'select') as HTMLSelectElement).value).to.equal('en');
    expect(el.currentProgress.lang).to.equal(undefined);
  });

  it('opens in the default language when the preferred one cannot be downloaded at launch', async () => {
    const {src, files} = published();
    URL.revokeObjectURL(files.fr!);
    const el = await mount({src, lang: '', factory: async (c) => new RecordingTracker(c, {language: 'fr'})});
    expect($(el, '.frame').getAttribute('lang')).to.equal('en');
    expect(loadedLanguages(el)).to.deep.equal(['en']);
  });

  it('shows the first lesson without the text of the questions, which comes from its own file after it', async () => {
    const {src} = published();
    const el = await mount({src, lang: 'en', factory: async (c) => new RecordingTracker(c)});
    const shown = el.loader.loaded!.content.en!;
    expect(shown.lessons.length).to.be.greaterThan(0);
    // mount() waited for the views, which wait for the questions of the language shown: here, with their text
    expect(shown.assessment!.questions.every((q) => q.prompt !== '')).to.equal(true);
    expect(loadedLanguages(el)).to.deep.equal(['en']);
    el.go('assessment');
    await settle(el);
    button(el, 'Start the assessment').click();
    await settle(el);
    const first = el.currentProgress.attempt!.questions[0];
    const source = course().content.en!.assessment!.questions.find((q) => q.id === first)!.prompt;
    expect($(el, 'form[part="question"] legend').textContent!.trim()).to.equal(source.replace(/<[^>]+>/g, '').trim());
  });

  it('says so, and tries again, when the text of the questions cannot be downloaded', async () => {
    const {src, questions, questionsOf} = published();
    URL.revokeObjectURL(questions.en!); // as a file the network cannot bring
    const el = await mount({src, lang: 'en', factory: async (c) => new RecordingTracker(c)});
    el.go('assessment');
    await waitUntil(
      () => $(el, '.main').textContent?.includes('could not be downloaded'),
      'the learner was not told the questions could not be downloaded',
    );
    expect($(el, '.main [role="alert"]').textContent).to.include('Check your connection');
    expect(el.shadowRoot!.querySelector('form[part="question"]')).to.equal(null);
    await expect(el).to.be.accessible();
    // the network comes back: Try again fetches them
    el.loader.loaded!.questionFiles!.en = url(questionsOf.en);
    button(el, 'Try again').click();
    await waitUntil(
      () =>
        [...el.shadowRoot!.querySelectorAll('button')].some((b) => b.textContent?.trim() === 'Start the assessment'),
      'the assessment did not open after Try again',
    );
    expect($(el, '.main').textContent).not.to.include('could not be downloaded');
  });

  it('fetches the questions of a language the learner switches to in the assessment', async () => {
    const {src} = published();
    const el = await mount({src, lang: 'en', factory: async (c) => new RecordingTracker(c)});
    el.go('assessment');
    await settle(el);
    const select = $(el, 'select') as HTMLSelectElement;
    select.value = 'fr';
    select.dispatchEvent(new Event('change'));
    await waitUntil(() => $(el, '.frame').getAttribute('lang') === 'fr', 'the course did not switch to French');
    await waitUntil(
      () => el.loader.questionText?.has('fr') && el.shadowRoot!.querySelector('.main .actions button'),
      'the French assessment did not open',
    );
    expect(el.loader.loaded!.content.fr!.assessment!.questions[0]!.prompt).to.equal(
      course().content.fr!.assessment!.questions[0]!.prompt,
    );
  });
});
