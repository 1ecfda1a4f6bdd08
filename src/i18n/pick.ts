/**
 * The language of a launch, on its own: the page's first script picks the language of the content it fetches with
 * it, before the player (and the UI strings) have downloaded.
 */
/** The primary subtag of a BCP 47 tag, lower case: `fr-CA` -> `fr`, `zh-Hans-CN` -> `zh`. */
export function primary(tag: string | undefined | null): string {
  return (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

export interface LanguageSources {
  /** the learner's own choice in the course (saved in progress) */
  choice?: string | null;
  /** the host page's `lang` attribute on `<ict-course>` */
  attribute?: string | null;
  /** the LMS's learner preference (the tracker's `language`) */
  lms?: string | null;
  /** the browser's languages, preferred first */
  browser?: readonly string[];
}

/**
 * The language of a launch, among the course's languages, in this order: the learner's choice in the course, the
 * host page's attribute, the LMS's learner preference, the browser's languages, then the course's default (its
 * first language). Tags are matched on their primary subtag.
 */
export function pickLanguage(courseLanguages: readonly string[], sources: LanguageSources): string {
  const available = courseLanguages.map(primary);
  const candidates = [sources.choice, sources.attribute, sources.lms, ...(sources.browser ?? [])];
  for (const c of candidates) {
    const p = primary(c);
    if (p && available.includes(p)) return courseLanguages[available.indexOf(p)]!;
  }
  return courseLanguages[0] ?? 'en';
}
