// xAPI 1.0.3 for the preview LRS: the constants of xAPI and cmi5, the shapes it stores, and the pure checks and
// request parameters every resource uses.
import {createHash} from 'node:crypto';
import * as xapiValidation from '@learninglocker/xapi-validation';
import {CMI5_IRI, LMS_IRI, VERBS} from '../../tracking/xapi/vocabulary.js';
import {HttpError} from '../http.js';
import type {Agent, Statement} from '@xapi/xapi';

export const XAPI_VERSION = '1.0.3';
/** cmi5's IRIs as the LMS side uses them (each defined once, in src/tracking/xapi/vocabulary.ts). */
export const CMI5 = {
  category: CMI5_IRI.category,
  moveOnCategory: CMI5_IRI.moveOn,
  sessionId: CMI5_IRI.sessionId,
  masteryScore: CMI5_IRI.masteryScore,
  launchMode: LMS_IRI.launchMode,
  launchURL: LMS_IRI.launchURL,
  moveOn: LMS_IRI.moveOn,
  launchParameters: LMS_IRI.launchParameters,
  progress: CMI5_IRI.progress,
  verbs: {
    launched: LMS_IRI.launched,
    initialized: VERBS.initialized,
    completed: VERBS.completed,
    passed: VERBS.passed,
    failed: VERBS.failed,
    abandoned: LMS_IRI.abandoned,
    waived: LMS_IRI.waived,
    terminated: VERBS.terminated,
    satisfied: LMS_IRI.satisfied,
  },
} as const;
export const VOIDED = LMS_IRI.voided;

export type {Agent, Statement};

/** A statement as the LRS holds and returns it: valid, with its id, timestamp, stored, authority and version set. */
export type StoredXapiStatement = Statement &
  Required<Pick<Statement, 'id' | 'timestamp' | 'stored' | 'authority' | 'version'>>;

/** The id of a statement's object: an activity's or a StatementRef's (agents, groups and sub-statements have none). */
export function objectId(s: {object?: Statement['object']} | undefined): string | undefined {
  const o = s?.object;
  return o && 'id' in o ? o.id : undefined;
}
export type MoveOn = 'Passed' | 'Completed' | 'CompletedAndPassed' | 'CompletedOrPassed' | 'NotApplicable';
export type Cmi5LaunchMode = 'Normal' | 'Browse' | 'Review';

export interface Credentials {
  key: string;
  secret: string;
  /** the value of the Authorization header: `Basic base64(key:secret)` */
  authorization: string;
  name: string;
  /** the agent the LRS records as `authority` for statements sent with these credentials */
  authority: Agent;
  /** ms since epoch; revoked credentials get 401 */
  revoked?: number;
  /** cmi5 session these credentials were issued for (via a fetch URL) */
  session?: string;
}

export interface StatementQuery {
  statementId?: string;
  voidedStatementId?: string;
  agent?: Agent;
  verb?: string;
  activity?: string;
  registration?: string;
  since?: string;
  until?: string;
  limit?: number;
  ascending?: boolean;
  related_activities?: boolean;
  related_agents?: boolean;
}

/** A statement's agent identity (IFI) as a string key. */
export function agentKey(actor: unknown): string | null {
  if (!actor || typeof actor !== 'object') return null;
  const agent = actor as Agent;
  if (typeof agent.mbox === 'string') return `mbox:${agent.mbox.toLowerCase()}`;
  if (typeof agent.mbox_sha1sum === 'string') return `sha1:${agent.mbox_sha1sum.toLowerCase()}`;
  if (typeof agent.openid === 'string') return `openid:${agent.openid}`;
  if (agent.account && typeof agent.account === 'object')
    return `account:${agent.account.homePage}|${agent.account.name}`;
  return null;
}

/** JSON with sorted keys, for comparing statements and documents. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** The comparable form of a submitted statement (xAPI 1.0.3 "Statement Comparison": authority, stored, version ignored). */
export function comparable(s: Statement): string {
  const {stored: _s, authority: _a, version: _v, ...rest} = s;
  if (typeof rest.timestamp === 'string') {
    const t = Date.parse(rest.timestamp);
    if (!Number.isNaN(t)) rest.timestamp = new Date(t).toISOString();
  }
  return canonicalJson(rest);
}

// the package is CommonJS with `exports.default`; Node's ESM interop may wrap it once more
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
const validateStatement: (d: unknown) => any[] = (() => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
  let v: any = xapiValidation;
  while (v && typeof v !== 'function') v = v.default;
  return v;
})();

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** Why a statement is not valid xAPI, or null. Uses @learninglocker/xapi-validation plus the LRS's own checks. */
export function statementProblems(s: unknown): string[] {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return ['statement: must be a JSON object'];
  const warnings = validateStatement(s);
  const out = warnings.map((w) => {
    const path = Array.isArray(w.path) ? w.path.join('.') : 'statement';
    const detail = w.typeName ? ` (expected ${w.typeName})` : '';
    return `${path}: ${String(w.name ?? 'invalid').replace(/Warning$/, '')}${detail}`;
  });
  const st = s as Statement;
  if (st.id !== undefined && (typeof st.id !== 'string' || !UUID_RE.test(st.id))) out.push('statement.id: not a UUID');
  return [...new Set(out)];
}

export function basicAuth(key: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');
}

export function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('hex')}"`;
}

export function isJsonType(ct: string | undefined): boolean {
  return !!ct && /^application\/json\b/i.test(ct);
}

export function param(url: URL, name: string, required = true): string | undefined {
  const v = url.searchParams.get(name);
  if (required && (v === null || v === '')) throw new HttpError(400, `the ${name} parameter is required`);
  return v ?? undefined;
}
export function agentParam(url: URL, name = 'agent', required = true): Agent | undefined {
  const v = param(url, name, required);
  if (v === undefined) return undefined;
  let a: Agent;
  try {
    a = JSON.parse(v);
  } catch {
    throw new HttpError(400, `the ${name} parameter is not JSON`);
  }
  if (!agentKey(a))
    throw new HttpError(
      400,
      `the ${name} parameter has no inverse functional identifier (mbox, mbox_sha1sum, openid or account)`,
    );
  return a;
}
export function registrationParam(url: URL): string | undefined {
  const r = param(url, 'registration', false);
  if (r !== undefined && !UUID_RE.test(r)) throw new HttpError(400, 'the registration parameter is not a UUID');
  return r;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
