// The start of a cmi5 launch, AU side: the one-time fetch of the auth token, LMS.LaunchData with the learner's
// preferences, what the LRS holds of the registration's results, and what this device keeps of the session and
// the registration.
import type {Context} from '@xapi/xapi';
import {earlyGet, getJsonDocument, LrsError, queryStatements, type LrsConnection} from '../xapi/client.js';
import {LaunchError, readCmi5Launch, type Cmi5LaunchParams} from '../xapi/launch.js';
import {PROGRESS_STATE_ID, readSession, stateParams, uuid, writeSession} from '../xapi/keys.js';
import {CMI5_IRI, LMS_IRI, VERBS} from '../xapi/vocabulary.js';

export const CMI5_PARAMS = ['endpoint', 'fetch', 'actor', 'registration', 'activityId'];
export const LAUNCH_DATA_STATE_ID = 'LMS.LaunchData';
export const LEARNER_PREFERENCES_PROFILE_ID = 'cmi5LearnerPreferences';

export type MoveOn = 'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable';

/** The LMS.LaunchData state document (cmi5 10.0). */
export interface LaunchData {
  contextTemplate: Context;
  launchMode: 'Normal' | 'Browse' | 'Review';
  launchParameters?: string;
  masteryScore?: number;
  moveOn: MoveOn;
  returnURL?: string;
  entitlementKey?: {courseStructure?: string; alternate?: string};
}

/** This session, kept in sessionStorage so that a reload continues it. */
export interface SessionRecord {
  token: string;
  sessionId: string;
  start: number;
  launchData: LaunchData;
  language?: string;
  initialized?: boolean;
  /** passed or failed sent in this session (only one of them may be) */
  verdict?: 'passed' | 'failed';
  terminated?: boolean;
}

/** What this device knows of the registration (meta store), beyond what the LRS says. */
export interface RegistrationRecord {
  completed?: boolean;
  passed?: boolean;
  /** results to report in a later session: the LMS has not received them */
  owed?: {completed?: boolean; passed?: {scaled: number}; failed?: {scaled: number; sessionId: string}};
}

export const sessionKey = (p: Cmi5LaunchParams) => `cmi5-session|${p.fetch}`;

/** What the LRS holds of this registration's results (null: it could not be asked, or the AU may not read statements). */
export interface RegistrationResults {
  completed: boolean;
  passed: boolean;
  /** the LMS waived the AU for this learner (cmi5 9.3.9): it counts as done */
  waived: boolean;
}

/** The session's auth token from the LMS's one-time fetch URL (cmi5 8.2). */
export async function fetchToken(fetchUrl: string): Promise<string> {
  let res: Response;
  try {
    res = await fetch(fetchUrl, {method: 'POST', cache: 'no-store', credentials: 'omit'});
  } catch (e) {
    throw new LaunchError(
      'lms-unreachable',
      `The LMS could not be reached to start this session (${e instanceof Error ? e.message : String(e)}). Check the connection and launch the course again from your LMS.`,
      'fetch',
    );
  }
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // handled below
  }
  if (typeof body['auth-token'] === 'string' && body['auth-token']) return body['auth-token'];
  if (body['error-code'] !== undefined) {
    const text = String(body['error-text'] ?? '');
    throw new LaunchError(
      'fetch-refused',
      `The LMS refused to start this session (error ${String(body['error-code'])}${text ? `: ${text}` : ''}). This link has been used already: launch the course again from your LMS.`,
      'fetch',
    );
  }
  throw new LaunchError(
    'fetch-refused',
    `The LMS's fetch URL answered ${res.status} without a token. Launch the course again from your LMS.`,
    'fetch',
  );
}

function validLaunchData(ld: unknown): ld is LaunchData {
  if (!ld || typeof ld !== 'object') return false;
  const d = ld as Record<string, unknown>;
  return (
    !!d.contextTemplate &&
    typeof d.contextTemplate === 'object' &&
    ['Normal', 'Browse', 'Review'].includes(String(d.launchMode)) &&
    (d.masteryScore === undefined || (typeof d.masteryScore === 'number' && d.masteryScore >= 0 && d.masteryScore <= 1))
  );
}

/** LaunchData (required) and the learner preferences (optional), read at once; the session completed with them. */
export async function readLaunchData(
  conn: LrsConnection,
  launch: Cmi5LaunchParams,
  session: SessionRecord,
): Promise<SessionRecord> {
  const agent = JSON.stringify(launch.actor);
  const preferences = getJsonDocument<{languagePreference?: string}>(
    conn,
    'agents/profile',
    {agent, profileId: LEARNER_PREFERENCES_PROFILE_ID},
    [403, 404],
  ).catch(
    () => undefined, // learner preferences are optional
  );
  let ld: unknown;
  try {
    ld = await getJsonDocument(conn, 'activities/state', {
      stateId: LAUNCH_DATA_STATE_ID,
      activityId: launch.activityId,
      agent,
      registration: launch.registration,
    });
  } catch (e) {
    if (e instanceof LrsError && e.network) {
      throw new LaunchError(
        'lms-unreachable',
        'The Learning Record Store could not be reached to read the launch data. Check the connection and reload this page.',
      );
    }
    throw new LaunchError(
      'launch-data',
      `The LMS's launch data could not be read (${e instanceof Error ? e.message : String(e)}). Launch the course again from your LMS.`,
    );
  }
  if (!validLaunchData(ld)) {
    throw new LaunchError(
      'launch-data',
      `The LMS's launch data (LMS.LaunchData) is ${ld === undefined ? 'missing' : 'not valid'}. Launch the course again from your LMS; if this persists, tell your LMS administrator.`,
    );
  }
  const sid = ld.contextTemplate?.extensions?.[CMI5_IRI.sessionId];
  const next: SessionRecord = {...session, launchData: ld, sessionId: typeof sid === 'string' && sid ? sid : uuid()};
  const first = (await preferences)?.languagePreference?.split(',')[0]?.trim();
  if (first) next.language = first;
  writeSession(sessionKey(launch), JSON.stringify(next));
  return next;
}

/** Whether the LRS holds a completed and a passed of this learner for this registration; null where it cannot say. */
export async function readRegistrationResults(
  conn: LrsConnection,
  launch: Cmi5LaunchParams,
): Promise<RegistrationResults | null> {
  try {
    const query = (v: string) =>
      queryStatements(
        conn,
        {
          registration: launch.registration,
          agent: JSON.stringify(launch.actor),
          activity: launch.activityId,
          verb: v,
          limit: '1',
        },
        1,
      );
    const [completed, passed, waived] = await Promise.all([
      query(VERBS.completed),
      query(VERBS.passed),
      query(LMS_IRI.waived),
    ]);
    return {completed: completed.length > 0, passed: passed.length > 0, waived: waived.length > 0};
  } catch {
    return null; // this device's record stands
  }
}

/** A cmi5 launch under way: what {@link startCmi5} has started. */
export interface Cmi5Start {
  launch: Cmi5LaunchParams;
  /** the session with its token: the fetch URL POSTed (once), or the token an earlier page of the session kept */
  session: Promise<SessionRecord>;
  /** the session completed with LaunchData and the learner's preferences */
  launching: Promise<SessionRecord>;
  /** what the LRS holds of the registration's results */
  results: Promise<RegistrationResults | null>;
}

let started: {search: string; start: Cmi5Start} | null = null;

/**
 * Starts this page's cmi5 launch: the token (the fetch URL is POSTed once; a reload of the session keeps its token),
 * then everything at once: LaunchData and the learner's preferences, the registration's results and (read early,
 * for the tracker's begin()) the saved progress. The page's first script calls it, so that all this goes on while
 * the player downloads; the tracker takes it ({@link takeCmi5Start}). Throws a {@link LaunchError} for a malformed
 * launch or a session that has ended.
 */
export function startCmi5(search: string): Cmi5Start {
  if (started?.search === search) return started.start;
  const launch = readCmi5Launch(search);
  let kept: SessionRecord | null = null;
  try {
    kept = JSON.parse(readSession(sessionKey(launch)) ?? 'null') as SessionRecord | null;
  } catch {
    kept = null;
  }
  if (kept?.terminated) {
    throw new LaunchError(
      'session-ended',
      'This session of the course has ended. Launch the course again from your LMS to continue.',
    );
  }
  const session = kept?.token
    ? Promise.resolve(kept)
    : fetchToken(launch.fetch).then((token) => {
        const s: SessionRecord = {token, sessionId: '', start: Date.now(), launchData: null as unknown as LaunchData};
        writeSession(sessionKey(launch), JSON.stringify(s)); // before anything else: the fetch URL is spent
        return s;
      });
  const conn = (s: SessionRecord): LrsConnection => ({endpoint: launch.endpoint, auth: `Basic ${s.token}`});
  const launching = session.then((s) => (s.launchData ? s : readLaunchData(conn(s), launch, s)));
  const results = session.then((s) => readRegistrationResults(conn(s), launch));
  session.then(
    (s) =>
      earlyGet(
        conn(s),
        'activities/state',
        stateParams(launch.activityId, launch.actor, launch.registration, PROGRESS_STATE_ID),
      ),
    () => undefined,
  );
  for (const p of [launching, results]) p.catch(() => undefined); // the tracker reports what fails
  const start = {launch, session, launching, results};
  started = {search, start};
  return start;
}

/**
 * The launch {@link startCmi5} started for `search`, else a new start; kept for the page, so that whichever of the
 * first script and the tracker comes first starts it and the other gets the same (the fetch URL is POSTed once).
 */
export function takeCmi5Start(search: string): Cmi5Start {
  return startCmi5(search);
}
