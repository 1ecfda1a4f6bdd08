/**
 * The page's first script of an AICC HACP launch: the first GetParam sent while the player downloads. Its answer
 * gives the learner's language (`[Student_Preferences] Language`) for the content fetched early, and the tracker
 * takes it ({@link takeEarlyGetParam}) as its first GetParam instead of sending another.
 */
import type {EarlyLanguage} from '../../components/prefetch.js';
import {hacpBody, hacpLaunch, hacpValue, parseHacp, type HacpLaunch} from './hacp.js';

let early: {url: string; sid: string; response: Promise<Response>} | null = null;

/** Sends GetParam where the page has an HACP launch; the LMS's language preference once it answers. */
export function aiccEarly(search: string = location.search): EarlyLanguage {
  const launch = hacpLaunch(search, location.href);
  if (!launch) return null; // no LMS: the course follows the browser
  const response = fetch(launch.url, {method: 'POST', body: hacpBody('GetParam', launch.sid), cache: 'no-store'});
  early = {url: launch.url, sid: launch.sid, response};
  return response
    .then((r) => r.clone().text())
    .then(
      (text) => hacpValue(parseHacp(text), 'student_preferences', 'language').trim() || null,
      () => undefined, // the tracker reports what failed
    );
}

/** The GetParam sent early for `launch` (once), else undefined. */
export function takeEarlyGetParam(launch: HacpLaunch): Promise<Response> | undefined {
  if (!early || early.url !== launch.url || early.sid !== launch.sid) return undefined;
  const {response} = early;
  early = null;
  return response;
}
