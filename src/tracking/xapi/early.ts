/**
 * The start of an xAPI (Tin Can) launch, made by the page's first script while the player downloads: the learner's
 * language asked of the LRS, and the saved progress read (where the launch names its activity); the tracker takes
 * both ({@link takeLearnerLanguage}, and `lrsRequest` the early read).
 */
import type {EarlyLanguage} from '../../components/prefetch.js';
import {earlyGet, getJsonDocument} from './client.js';
import {hasAnyParam, readXapiLaunch, type XapiLaunchParams} from './launch.js';
import {PROGRESS_STATE_ID, stateParams} from './keys.js';

export const TINCAN_PARAMS = ['endpoint', 'auth', 'actor', 'registration', 'activity_id'];
/** The agent profile of learner preferences (cmi5 11.0); xAPI launches read the same document. */
export const LEARNER_PREFERENCES_PROFILE_ID = 'cmi5LearnerPreferences';
/** How long a launch waits for the learner's preferences before it starts without them. */
const PREFERENCES_WAIT_MS = 3000;

let asked: {search: string; language: Promise<string | undefined>} | null = null;

/** The page's first script: starts what the launch reads; the LMS's language preference for the content fetched early. */
export function startXapi(search: string = location.search): EarlyLanguage {
  if (!hasAnyParam(search, TINCAN_PARAMS)) return null; // no LMS: the course follows the browser
  let launch: XapiLaunchParams;
  try {
    launch = readXapiLaunch(search);
  } catch {
    return undefined; // the tracker reports the launch's problem
  }
  const language = learnerLanguage(launch, search);
  asked = {search, language};
  if (launch.activityId) {
    const {endpoint, auth, actor, registration, activityId} = launch;
    earlyGet({endpoint, auth}, 'activities/state', stateParams(activityId, actor, registration, PROGRESS_STATE_ID));
  }
  const fromUrl = new URLSearchParams(search).get('lang')?.split(',')[0]?.trim();
  return fromUrl || language.then((l) => l ?? null);
}

/** The learner's language as {@link startXapi} asked for it (once), else asked now. */
export function takeLearnerLanguage(launch: XapiLaunchParams, search: string): Promise<string | undefined> {
  const language = asked?.search === search ? asked.language : learnerLanguage(launch, search);
  asked = null;
  return language;
}

/** The first language of the launch's `lang` parameter, else of the learner preferences profile; undefined: none. Never rejects. */
async function learnerLanguage(launch: XapiLaunchParams, search: string): Promise<string | undefined> {
  const first = (list: unknown) => (typeof list === 'string' ? list.split(',')[0]!.trim() || undefined : undefined);
  const fromUrl = first(new URLSearchParams(search).get('lang'));
  if (fromUrl) return fromUrl;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const prefs = getJsonDocument<{languagePreference?: unknown}>(
      {endpoint: launch.endpoint, auth: launch.auth},
      'agents/profile',
      {agent: JSON.stringify(launch.actor), profileId: LEARNER_PREFERENCES_PROFILE_ID},
      [403, 404],
    ).catch(() => undefined); // preferences are optional: an LRS unreachable now is the outbox's concern
    const late = new Promise<undefined>((ok) => (timer = setTimeout(() => ok(undefined), PREFERENCES_WAIT_MS)));
    return first((await Promise.race([prefs, late]))?.languagePreference);
  } finally {
    clearTimeout(timer);
  }
}
