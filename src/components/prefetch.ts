/**
 * What a package page starts before its player has downloaded (the entry module runs this, then loads the player,
 * which the page preloads beside it): the course's structure (`course.json`, already preloaded by the page) and its
 * content in the language the launch will show, so that the first lesson does not wait for one more round trip
 * after the player. The player's loader takes these responses ({@link takePrefetched}) instead of asking again, and
 * gives up what it does not show ({@link dropPrefetched}).
 *
 * Which language: the learner's choice on this device (it wins over everything else), else the LMS's preference
 * where the format knows it at once (SCORM, read right after Initialize; none for the web package). Where the LMS
 * answers later (xAPI and cmi5 read the preference from the LRS, two round trips into the launch), the likely
 * language is fetched at once (the preference this LMS gave last time on this device, else the page's and the
 * browser's languages); when the preference names another, that guess is cancelled and the right one fetched.
 */
import {pickLanguage} from '../i18n/pick.js';

const started = new Map<string, {response: Promise<Response>; abort: AbortController}>();
/** the player has chosen what it shows and given up the rest: nothing more is started for it */
let closed = false;

/** Starts fetching `url` (same-origin credentials, as the player's loader does) and keeps the response for it. */
export function prefetch(url: string): void {
  if (!url || closed || started.has(url)) return;
  const abort = new AbortController();
  const response = fetch(url, {credentials: 'same-origin', signal: abort.signal});
  response.catch(() => undefined); // the loader reports it when it takes it
  started.set(url, {response, abort});
}

/** The response started for `url`, once (a second call, or a URL never started, gets undefined). */
export function takePrefetched(url: string): Promise<Response> | undefined {
  const s = started.get(url);
  started.delete(url);
  return s?.response;
}

/** Gives up what was started for `url`, or everything not taken (a language the launch does not show after all). */
export function dropPrefetched(url?: string): void {
  if (url === undefined) closed = true; // (a preference arriving later: the player fetches what it switches to)
  for (const [u, s] of started) {
    if (url !== undefined && u !== url) continue;
    s.abort.abort();
    started.delete(u);
  }
}

function hint(key: string, value?: string | null): string | null {
  try {
    if (value === undefined) return localStorage.getItem(key);
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    // a hint only
  }
  return null;
}

/** Keeps the learner's choice of language for this course on this device (nothing where storage is refused). */
export function rememberChoice(courseId: string, lang: string): void {
  hint(`ict-lang|${courseId}`, lang);
}

/**
 * The LMS's language preference as the format learns it early: a string (the LMS's preference), null (there is
 * none, or no LMS), or a promise of either; undefined where it cannot be known before the player runs.
 */
export type EarlyLanguage = string | null | undefined | Promise<string | null | undefined>;

/**
 * Fetches the course of this page's `<ict-course>` and the content of the language it will show (see the module
 * comment). Never throws: what fails here, the player meets again and reports.
 */
export function prefetchCourse(lmsLanguage: () => EarlyLanguage): void {
  if (location.protocol === 'file:') return;
  const el = document.querySelector('ict-course');
  const base = new URL(el?.getAttribute('src') || 'course.json', document.baseURI).href;
  const lms = lmsLanguage();
  prefetch(base);
  // (read before the loader takes it: this callback runs first, so its copy of the body is made in time)
  started
    .get(base)!
    .response.then((r) => r.clone().json())
    .then(async (course: {id: string; languages: string[]; contentFiles?: Record<string, string>}) => {
      const url = (lang: string) => {
        const file = course.contentFiles?.[lang];
        return file ? new URL(file, base).href : '';
      };
      const choice = hint(`ict-lang|${course.id}`);
      if (choice && course.languages.includes(choice)) return prefetch(url(choice));
      const pick = (preference: string | null | undefined) =>
        url(
          pickLanguage(course.languages, {
            attribute: el?.getAttribute('lang'),
            lms: preference,
            browser: navigator.languages,
          }),
        );
      const lmsKey = `ict-lms-lang|${course.id}`;
      const guess = lms instanceof Promise ? pick(hint(lmsKey)) : '';
      if (guess) prefetch(guess);
      const preference = await lms;
      if (preference === undefined) return; // the player decides (and takes or drops a guess)
      hint(lmsKey, preference);
      const right = pick(preference);
      if (right === guess) return;
      if (guess) dropPrefetched(guess);
      if (right) prefetch(right);
    })
    .catch(() => undefined);
}
