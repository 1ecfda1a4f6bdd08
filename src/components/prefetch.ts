/**
 * What a package page starts before its player has downloaded (the entry module runs this, then loads the player,
 * which the page preloads beside it): the course's structure (`course.json`, already preloaded by the page) and its
 * content in the language the launch will show, so that the first lesson does not wait for one more round trip
 * after the player. The player's loader takes these responses ({@link takePrefetched}) instead of asking again.
 *
 * Only the language the launch shows is fetched (DESIGN.md: the structure and its own language only). It is known
 * this early where the learner chose one on this device before (their choice wins over everything else), where the
 * format can tell the LMS's preference at once (SCORM, read right after Initialize) or where there is no LMS to ask
 * (the web package). Otherwise (xAPI and cmi5 read the preference from the LRS) the format's `lmsLanguage` resolves
 * once it is known, and the content is fetched then, still before the player would have asked for it.
 */
import {pickLanguage} from '../i18n/pick.js';

interface Started {
  response: Promise<Response>;
  abort: AbortController;
}

const started = new Map<string, Started>();

/** The learner's language choice for a course, kept on this device (a hint: the saved progress holds the choice). */
const choiceKey = (courseId: string) => `ict-lang|${courseId}`;

/** Starts fetching `url` (same-origin credentials, as the player's loader does) and keeps the response for it. */
export function prefetch(url: string): Promise<Response> {
  const abort = new AbortController();
  const response = fetch(url, {credentials: 'same-origin', signal: abort.signal});
  response.catch(() => undefined); // the loader reports it when it takes it
  started.set(url, {response, abort});
  return response;
}

/** The response started for `url`, once (a second call, or a URL never started, gets undefined). */
export function takePrefetched(url: string): Promise<Response> | undefined {
  const s = started.get(url);
  started.delete(url);
  return s?.response;
}

/** Gives up whatever was started and not taken (a language the launch does not show after all). */
export function dropPrefetched(): void {
  for (const s of started.values()) s.abort.abort();
  started.clear();
}

/** Keeps the learner's choice of language for this course on this device (nothing where storage is refused). */
export function rememberChoice(courseId: string, lang: string): void {
  try {
    localStorage.setItem(choiceKey(courseId), lang);
  } catch {
    // a hint only
  }
}

function rememberedChoice(courseId: string): string | null {
  try {
    return localStorage.getItem(choiceKey(courseId));
  } catch {
    return null;
  }
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
  prefetch(base)
    .then((r) => r.clone().json())
    .then(async (course: {id: string; languages: string[]; contentFiles?: Record<string, string>}) => {
      let choice = rememberedChoice(course.id);
      if (!course.languages.includes(choice!)) choice = null;
      // the learner's choice decides at once; else the LMS's preference, where the format can know it
      const preference = choice ? null : await lms;
      const file =
        course.contentFiles?.[
          pickLanguage(course.languages, {
            choice,
            attribute: el?.getAttribute('lang'),
            lms: preference,
            browser: navigator.languages,
          })
        ];
      if (file && preference !== undefined) prefetch(new URL(file, base).href);
    })
    .catch(() => undefined);
}
