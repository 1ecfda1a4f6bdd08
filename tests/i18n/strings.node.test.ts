/**
 * The UI strings: every key in every language (a missing or empty translation fails), the same placeholders as
 * English, the language choice order, text direction and Intl formatting.
 */
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {UN_LANGUAGES} from '../../src/course/types.js';
import {
  dirOf,
  en,
  fill,
  loadStrings,
  loadViewStrings,
  pickLanguage,
  translator,
  type ViewStrings,
} from '../../src/i18n/index.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  for (const lang of UN_LANGUAGES) {
    it(`${lang}: every key, non-empty, with the same placeholders as English`, async () => {
      const enViews = await loadViewStrings('en');
      const sets: [string, Record<string, string>, Record<string, string>][] = [
        ['strings', en, (await loadStrings(lang)) as Record<string, string>],
        ['view strings', enViews as Record<string, string>, (await loadViewStrings(lang)) as Record<string, string>],
      ];
      for (const [name, reference, strings] of sets) {
        const missing = Object.keys(reference).filter((k) => typeof strings[k] !== 'string' || !strings[k]!.trim());
        assert.deepEqual(missing, [], `${lang} ${name} lack: ${missing.join(', ')}`);
        const extra = Object.keys(strings).filter((k) => !(k in reference));
        assert.deepEqual(extra, [], `${lang} ${name} have keys English does not: ${extra.join(', ')}`);
        for (const [k, v] of Object.entries(reference)) {
          assert.deepEqual(placeholders(strings[k]!), placeholders(v), `${lang}.${k} placeholders`);
        }
        if (lang !== 'en') {
          const same = Object.keys(reference).filter(
            (k) => strings[k] === reference[k] && /[a-z]{4}/.test(reference[k]!),
          );
          assert.ok(same.length <= 2, `${lang}: left in English: ${same.join(', ')}`);
        }
      }
    });
  }

  it('keeps the view strings apart from the first-lesson strings', async () => {
    const views: ViewStrings = await loadViewStrings('en');
    const both = Object.keys(views).filter((k) => k in en);
    assert.deepEqual(both, []);
    const t = translator('en', en);
    assert.equal(t.hasViews, false);
    assert.equal(t.withViews(views)('questionOf', {n: 2, total: 3}), 'Question 2 of 3');
  });

  it('loads each language as its own module (English for anything else)', async () => {
    assert.equal(await loadStrings('xx'), en);
    assert.notEqual(await loadStrings('ar'), en);
    assert.equal((await loadStrings('fr')).next, 'Suivant');
  });
});

describe('language choice', () => {
  const course = ['en', 'fr', 'ar'];
  it('prefers the learner choice, then the page, the LMS, the browser, then the default', () => {
    assert.equal(pickLanguage(course, {choice: 'ar', attribute: 'fr', lms: 'fr', browser: ['fr']}), 'ar');
    assert.equal(pickLanguage(course, {attribute: 'fr', lms: 'ar', browser: ['ar']}), 'fr');
    assert.equal(pickLanguage(course, {lms: 'fr-CA', browser: ['ar']}), 'fr');
    assert.equal(pickLanguage(course, {lms: 'de', browser: ['de-DE', 'ar-EG', 'fr']}), 'ar');
    assert.equal(pickLanguage(course, {choice: 'ru', lms: 'zh', browser: ['es']}), 'en');
    assert.equal(pickLanguage(['fr', 'en'], {}), 'fr');
  });
});

describe('direction and formats', () => {
  it('writes Arabic right to left, the others left to right', () => {
    assert.deepEqual(UN_LANGUAGES.map(dirOf), ['rtl', 'ltr', 'ltr', 'ltr', 'ltr', 'ltr']);
  });
  it('formats percentages, durations and dates per language', async () => {
    const fr = translator('fr', await loadStrings('fr'), await loadViewStrings('fr'));
    assert.match(fr.percent(0.8), /^80\s?%$/);
    assert.equal(fr('score', {percent: fr.percent(0.5)}).replace(/\s/g, ' '), 'Note : 50 %');
    const t = translator('en', en);
    assert.equal(t.minutes(45), '45 minutes');
    assert.equal(t.minutes(90), '1 hour 30 minutes');
    assert.equal(t.minutes(120), '2 hours');
    assert.equal(t.date(Date.UTC(2026, 10, 25, 12)), 'November 25, 2026');
    const ar = translator('ar', await loadStrings('ar'));
    assert.ok(ar.has('statusLocal') && !ar.has('err-unknown'));
    assert.notEqual(ar.minutes(45), '45 minutes');
  });
  it('fills placeholders and leaves unknown ones visible', () => {
    assert.equal(fill('Lesson {n} of {total}', {n: 2, total: 5}), 'Lesson 2 of 5');
    assert.equal(fill('{x} left', {}), '{x} left');
  });
});
