/**
 * Reading xAPI (Tin Can) and cmi5 launch parameters. A missing or malformed parameter is a {@link LaunchError}
 * whose message names the parameter and says what to do; the player shows it instead of a blank page.
 */
import type {Agent} from './statements.js';

export type LaunchErrorCode =
  /** a required launch parameter is not in the URL */
  | 'missing-parameter'
  /** a launch parameter is there but not usable (not a URL, not JSON, no identifier, not a UUID) */
  | 'malformed-parameter'
  /** cmi5: the LMS's fetch URL refused to give a token (already used: a second launch from the same link) */
  | 'fetch-refused'
  /** cmi5: the fetch URL or the LRS could not be reached */
  | 'lms-unreachable'
  /** cmi5: the LMS.LaunchData state document is missing or not valid */
  | 'launch-data'
  /** cmi5: this session has ended (terminated); a new launch from the LMS starts a new one */
  | 'session-ended';

export class LaunchError extends Error {
  override name = 'LaunchError';
  constructor(
    readonly code: LaunchErrorCode,
    message: string,
    /** the launch parameter concerned, where there is one */
    readonly parameter?: string,
  ) {
    super(message);
  }
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ASK_LMS = 'Launch the course again from your LMS; if this persists, tell your LMS administrator.';

/** A query parameter, case-sensitive as the specs name them; '' counts as missing. */
function get(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  return v === null || v.trim() === '' ? undefined : v.trim();
}

export function requireParam(params: URLSearchParams, name: string, what: string): string {
  const v = get(params, name);
  if (v === undefined) {
    throw new LaunchError(
      'missing-parameter',
      `The launch parameter "${name}" (${what}) is missing from this page's address. ${ASK_LMS}`,
      name,
    );
  }
  return v;
}

export function optionalParam(params: URLSearchParams, name: string): string | undefined {
  return get(params, name);
}

/** An absolute http(s) URL (a relative one is not what any LMS sends); the xAPI endpoint gets a trailing slash. */
export function parseUrlParam(params: URLSearchParams, name: string, what: string, endpoint = false): string {
  const v = requireParam(params, name, what);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new LaunchError(
      'malformed-parameter',
      `The launch parameter "${name}" is not an absolute URL: "${v.slice(0, 80)}". ${ASK_LMS}`,
      name,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new LaunchError(
      'malformed-parameter',
      `The launch parameter "${name}" must be an http or https URL, not "${url.protocol}". ${ASK_LMS}`,
      name,
    );
  }
  return endpoint ? url.href.replace(/\/?$/, '/') : url.href;
}

/** The `actor` parameter: JSON of an Agent with an identifier (mbox, mbox_sha1sum, openid or account). */
export function parseActorParam(params: URLSearchParams, name = 'actor'): Agent {
  const v = requireParam(params, name, 'who the learner is');
  let actor: unknown;
  try {
    actor = JSON.parse(v);
  } catch {
    throw new LaunchError('malformed-parameter', `The launch parameter "${name}" is not valid JSON. ${ASK_LMS}`, name);
  }
  // Some LMSs send TinCan's list form: {"name": ["..."], "mbox": ["..."]}
  if (actor && typeof actor === 'object' && !Array.isArray(actor)) {
    const a = {...(actor as Record<string, unknown>)};
    for (const k of ['name', 'mbox', 'mbox_sha1sum', 'openid']) if (Array.isArray(a[k])) a[k] = (a[k] as unknown[])[0];
    if (Array.isArray(a.account)) a.account = a.account[0];
    const acc = a.account as Record<string, unknown> | undefined;
    if (acc && 'accountServiceHomePage' in acc)
      a.account = {homePage: acc.accountServiceHomePage, name: acc.accountName};
    const hasIfi =
      (typeof a.mbox === 'string' && a.mbox.startsWith('mailto:')) ||
      typeof a.mbox_sha1sum === 'string' ||
      typeof a.openid === 'string' ||
      (!!a.account &&
        typeof (a.account as Record<string, unknown>).homePage === 'string' &&
        typeof (a.account as Record<string, unknown>).name === 'string');
    if (hasIfi) {
      if (!a.objectType) a.objectType = 'Agent';
      return a;
    }
  }
  throw new LaunchError(
    'malformed-parameter',
    `The launch parameter "${name}" does not identify the learner (it needs an mbox "mailto:..." or an account with homePage and name). ${ASK_LMS}`,
    name,
  );
}

export function parseUuidParam(params: URLSearchParams, name: string, required: boolean): string | undefined {
  const v = required ? requireParam(params, name, 'the enrolment this attempt belongs to') : get(params, name);
  if (v !== undefined && !UUID_RE.test(v)) {
    throw new LaunchError(
      'malformed-parameter',
      `The launch parameter "${name}" is not a UUID: "${v.slice(0, 80)}". ${ASK_LMS}`,
      name,
    );
  }
  return v?.toLowerCase();
}

/** An IRI-like activity id (absolute, with a scheme). */
export function parseIriParam(params: URLSearchParams, name: string, required: boolean): string | undefined {
  const v = required ? requireParam(params, name, 'the activity id the LMS gave this course') : get(params, name);
  if (v !== undefined && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(v)) {
    throw new LaunchError(
      'malformed-parameter',
      `The launch parameter "${name}" is not an IRI: "${v.slice(0, 80)}". ${ASK_LMS}`,
      name,
    );
  }
  return v;
}

/** The Tin Can launch: endpoint, auth, actor, registration (optional), activity_id (optional). */
export interface XapiLaunchParams {
  endpoint: string;
  auth: string;
  actor: Agent;
  registration?: string;
  activityId?: string;
}

/** Whether the URL carries any launch parameter of the given names (none: not launched by an LMS at all). */
export function hasAnyParam(search: string, names: string[]): boolean {
  const p = new URLSearchParams(search);
  return names.some((n) => p.has(n));
}

export function readXapiLaunch(search: string): XapiLaunchParams {
  const p = new URLSearchParams(search);
  const endpoint = parseUrlParam(p, 'endpoint', 'the address of the Learning Record Store', true);
  let auth = requireParam(p, 'auth', 'the credentials for the Learning Record Store');
  if (!/^(Basic|Bearer)\s+\S+$/i.test(auth)) {
    if (/^[A-Za-z0-9+/=._-]+$/.test(auth))
      auth = `Basic ${auth}`; // some LMSs send the token alone
    else
      throw new LaunchError(
        'malformed-parameter',
        `The launch parameter "auth" is not an Authorization value ("Basic ..."). ${ASK_LMS}`,
        'auth',
      );
  }
  const actor = parseActorParam(p);
  const registration = parseUuidParam(p, 'registration', false);
  const activityId = parseIriParam(p, 'activity_id', false);
  return {endpoint, auth, actor, registration, activityId};
}

export interface Cmi5LaunchParams {
  endpoint: string;
  fetch: string;
  actor: Agent;
  registration: string;
  activityId: string;
}

export function readCmi5Launch(search: string): Cmi5LaunchParams {
  const p = new URLSearchParams(search);
  return {
    endpoint: parseUrlParam(p, 'endpoint', 'the address of the Learning Record Store', true),
    fetch: parseUrlParam(p, 'fetch', 'the one-time address for the session token'),
    actor: parseActorParam(p),
    registration: parseUuidParam(p, 'registration', true)!,
    activityId: parseIriParam(p, 'activityId', true)!,
  };
}
