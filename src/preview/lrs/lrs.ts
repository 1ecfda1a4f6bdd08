// A small xAPI 1.0.3 Learning Record Store for the preview LMS and the tests, with the LMS side of a cmi5 launch.
//
// `createLrs({dataDir})` returns a `node:http` handler `(req, res) => Promise<boolean>` (false when the request is
// not under `basePath`) that serves:
//   statements (PUT/POST/GET, voiding, `more`), activities/state, agents/profile, agents, activities, about,
// with Basic auth (credentials from `createCredentials()`), the `X-Experience-API-Version` header and CORS.
// Records persist in `dataDir` (statements as JSON lines, other collections as JSON written atomically).
// cmi5: `createCmi5Launch(...)` makes a registration, writes `LMS.LaunchData`, a one-time fetch URL, the
// `launched` statement, and later `satisfied` when the moveOn criterion is met.
import {createHash, randomBytes, randomUUID} from 'node:crypto';
import {EventEmitter} from 'node:events';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {join} from 'node:path';
import * as xapiValidation from '@learninglocker/xapi-validation';
import {ensureDir, JsonFile, JsonLinesFile, removeFiles, type StoredDocument, type StoredStatement} from './store.js';

export const XAPI_VERSION = '1.0.3';
export const CMI5 = {
  category: 'https://w3id.org/xapi/cmi5/context/categories/cmi5',
  moveOnCategory: 'https://w3id.org/xapi/cmi5/context/categories/moveon',
  sessionId: 'https://w3id.org/xapi/cmi5/context/extensions/sessionid',
  masteryScore: 'https://w3id.org/xapi/cmi5/context/extensions/masteryscore',
  launchMode: 'https://w3id.org/xapi/cmi5/context/extensions/launchmode',
  launchURL: 'https://w3id.org/xapi/cmi5/context/extensions/launchurl',
  moveOn: 'https://w3id.org/xapi/cmi5/context/extensions/moveon',
  launchParameters: 'https://w3id.org/xapi/cmi5/context/extensions/launchparameters',
  progress: 'https://w3id.org/xapi/cmi5/result/extensions/progress',
  verbs: {
    launched: 'http://adlnet.gov/expapi/verbs/launched',
    initialized: 'http://adlnet.gov/expapi/verbs/initialized',
    completed: 'http://adlnet.gov/expapi/verbs/completed',
    passed: 'http://adlnet.gov/expapi/verbs/passed',
    failed: 'http://adlnet.gov/expapi/verbs/failed',
    abandoned: 'https://w3id.org/xapi/adl/verbs/abandoned',
    waived: 'https://w3id.org/xapi/adl/verbs/waived',
    terminated: 'http://adlnet.gov/expapi/verbs/terminated',
    satisfied: 'https://w3id.org/xapi/adl/verbs/satisfied',
  },
} as const;
const VOIDED = 'http://adlnet.gov/expapi/verbs/voided';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
export type Agent = Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
export type Statement = Record<string, any>;
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

/** A fault the tests inject: the next `times` matching requests get `status` (after storing, when `afterStore`). */
export interface Fault {
  status: number;
  times?: number;
  /** resource under the base path, e.g. `statements`, `activities/state`; all when absent */
  resource?: string;
  method?: string;
  /** process the request (store statements), then answer with the fault: a lost acknowledgement */
  afterStore?: boolean;
  body?: string;
}

/** A request as the LRS received it (the `request` event, for tests that count what was sent). */
export interface LrsRequestSeen {
  method: string;
  resource: string;
  body: string;
}

/** Requests a test holds at the LRS until it releases them (see {@link Lrs.gate}). */
export interface GateMatch {
  resource?: string;
  method?: string;
  /** further condition on the request URL (e.g. a query parameter) */
  url?: (url: URL) => boolean;
  /** how many requests to hold (default 1) */
  times?: number;
}

export interface Gate {
  /** resolves when the first held request has arrived */
  readonly arrived: Promise<void>;
  /** let the held requests (and later matching ones) through */
  release(): void;
}

/** A statement request the LMS side of cmi5 refused (403), with the reason: what CATAPULT logs as a violation. */
export interface Cmi5Refusal {
  registration?: string;
  sessionId: string;
  verbs: string[];
  reason: string;
  at: string;
}

export interface Cmi5LaunchInput {
  actor: Agent;
  /**
   * the AU's activity id as the LMS defines it: the `activityId` launch parameter and the object of cmi5-defined
   * statements. Omitted: the LRS generates one for `publisherId` (cmi5 8.1.5: it must not match the publisher's id)
   * and uses it again on every launch of that AU. One of `activityId` and `publisherId` is required.
   */
  activityId?: string;
  /**
   * the LMS's course activity id, object of `satisfied`; it must differ from every publisher id of the package
   * (cmi5 9.4). Omitted: the LRS generates one, the same for every registration of the course.
   */
  courseIri?: string;
  /** the AU's id in cmi5.xml (publisher id): put in the contextTemplate's grouping; default activityId */
  publisherId?: string;
  /** the course's id in cmi5.xml (publisher id): in the grouping of `satisfied` (cmi5 9.6.2.3); never its object */
  coursePublisherId?: string;
  /** absolute URL of this LRS's base path, e.g. `http://127.0.0.1:8080/xapi/` */
  endpoint: string;
  /** the AU's URL (absolute or relative); the launch URL gets the cmi5 query parameters appended */
  auUrl?: string;
  masteryScore?: number;
  moveOn?: MoveOn;
  launchMode?: Cmi5LaunchMode;
  returnURL?: string;
  launchParameters?: string;
  /** reuse a registration (a relaunch); a new one otherwise */
  registration?: string;
}

export interface Cmi5Launch {
  registration: string;
  /** the AU's activity id the launch carries (given or generated) */
  activityId: string;
  /** the LMS's course activity id, object of `satisfied` */
  courseIri: string;
  sessionId: string;
  fetchUrl: string;
  /** query string (without `?`) of the launch parameters: endpoint, fetch, actor, registration, activityId */
  query: string;
  /** auUrl with the query appended, where auUrl was given */
  url?: string;
}

export interface XapiLaunchInput {
  actor: Agent;
  activityId: string;
  endpoint: string;
  registration?: string;
  auUrl?: string;
}

export interface XapiLaunch {
  registration: string;
  credentials: Credentials;
  /** Tin Can launch parameters: endpoint, auth, actor, registration, activity_id */
  params: Record<string, string>;
  query: string;
  url?: string;
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

export interface LrsOptions {
  /** folder for the records; created when missing */
  dataDir: string;
  /** URL path the handler answers under; default `/xapi/` */
  basePath?: string;
  /** largest page of GET statements; default 100 */
  pageSize?: number;
}

interface Cmi5Registration {
  registration: string;
  actor: Agent;
  activityId: string;
  courseIri: string;
  publisherId: string;
  coursePublisherId?: string;
  masteryScore?: number;
  moveOn: MoveOn;
  launchMode: Cmi5LaunchMode;
  returnURL?: string;
  sessions: {
    id: string;
    credentialKey: string;
    started: string;
    initialized?: boolean;
    terminated?: boolean;
    abandoned?: boolean;
  }[];
  completed?: boolean;
  passed?: boolean;
  satisfied?: boolean;
}

interface Cmi5Db {
  registrations: Record<string, Cmi5Registration>;
  /** fetch token -> what it hands out */
  fetch: Record<string, {credentialKey: string; registration: string; sessionId: string; used?: string}>;
  /** activity ids this LMS generated, by the publisher id they stand for (`au|<id>`, `course|<id>`): stable across registrations */
  generated?: Record<string, string>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** A statement's agent identity (IFI) as a string key. */
export function agentKey(agent: Agent | undefined | null): string | null {
  if (!agent || typeof agent !== 'object') return null;
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
function comparable(s: Statement): string {
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

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

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

function basicAuth(key: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${key}:${secret}`).toString('base64');
}

function etagOf(body: Buffer): string {
  return `"${createHash('sha1').update(body).digest('hex')}"`;
}

function isJsonType(ct: string | undefined): boolean {
  return !!ct && /^application\/json\b/i.test(ct);
}

export interface Lrs extends EventEmitter {
  readonly basePath: string;
  readonly dataDir: string;
  /** the node:http handler; resolves false when the request is not under basePath */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** new Basic-auth credentials; persisted */
  createCredentials(opts?: {name?: string; authority?: Agent}): Credentials;
  revokeCredentials(key: string): void;
  createXapiLaunch(input: XapiLaunchInput): XapiLaunch;
  createCmi5Launch(input: Cmi5LaunchInput): Cmi5Launch;
  /** stored statements matching the query, newest first (voided ones excluded unless asked by id) */
  queryStatements(q?: StatementQuery): Statement[];
  /** every stored statement in the order stored (oldest first), voided included */
  allStatements(): Statement[];
  /** a document of the State API, parsed as JSON where it is JSON */
  getState(activityId: string, agent: Agent, stateId: string, registration?: string): unknown;
  /** the cmi5 record of a registration (moveOn, satisfied, sessions) */
  cmi5Registration(registration: string): Readonly<Cmi5Registration> | undefined;
  /** inject a fault for the tests */
  injectFault(f: Fault): void;
  /** hold the matching requests until the test releases them (nothing else is delayed) */
  gate(match: GateMatch): Gate;
  /** the statement requests the cmi5 session rules refused, oldest first */
  cmi5Refusals(registration?: string): Cmi5Refusal[];
  clearFaults(): void;
  /** remove every record (statements, documents, cmi5 launches); credentials stay valid */
  reset(): void;
}

export function createLrs(opts: LrsOptions): Lrs {
  const basePath = (opts.basePath ?? '/xapi/').replace(/\/?$/, '/');
  const pageSize = opts.pageSize ?? 100;
  ensureDir(opts.dataDir);
  const statementsFile = new JsonLinesFile<StoredStatement>(join(opts.dataDir, 'statements.jsonl'));
  const stateFile = new JsonFile<Record<string, StoredDocument>>(join(opts.dataDir, 'state.json'), () => ({}));
  const profileFile = new JsonFile<Record<string, StoredDocument>>(
    join(opts.dataDir, 'agent-profile.json'),
    () => ({}),
  );
  const credFile = new JsonFile<Record<string, Credentials>>(join(opts.dataDir, 'credentials.json'), () => ({}));
  const cmi5File = new JsonFile<Cmi5Db>(join(opts.dataDir, 'cmi5.json'), () => ({registrations: {}, fetch: {}}));

  let statements: StoredStatement[] = [];
  let byId = new Map<string, StoredStatement>();
  let state: Record<string, StoredDocument> = {};
  let profiles: Record<string, StoredDocument> = {};
  let creds: Record<string, Credentials> = {};
  let cmi5: Cmi5Db = {registrations: {}, fetch: {}};
  let faults: Fault[] = [];
  let gates: {match: GateMatch; left: number; open: Promise<void>; release: () => void; arrive: () => void}[] = [];
  const refusals: Cmi5Refusal[] = [];

  function load() {
    statements = statementsFile.load();
    byId = new Map(statements.map((s) => [s.statement.id, s]));
    // voiding is replayed from the statements themselves
    for (const s of statements) if (s.statement.verb?.id === VOIDED) markVoided(s.statement);
    state = stateFile.load();
    profiles = profileFile.load();
    creds = credFile.load();
    cmi5 = cmi5File.load();
  }
  load();

  const lrs = new EventEmitter() as Lrs;

  function markVoided(s: Statement) {
    const target = s.object?.objectType === 'StatementRef' ? byId.get(s.object.id) : undefined;
    if (target && target.statement.verb?.id !== VOIDED) target.voided = true;
  }

  function createCredentials(o: {name?: string; authority?: Agent} = {}): Credentials {
    const key = randomBytes(9).toString('base64url');
    const secret = randomBytes(18).toString('base64url');
    const name = o.name ?? 'preview';
    const c: Credentials = {
      key,
      secret,
      name,
      authorization: basicAuth(key, secret),
      authority: o.authority ?? {
        objectType: 'Agent',
        name,
        account: {homePage: 'urn:ict-manager-training:preview', name: key},
      },
    };
    creds[key] = c;
    credFile.save(creds);
    return c;
  }

  function authenticate(req: IncomingMessage): Credentials {
    const h = req.headers.authorization;
    const m = h && /^Basic\s+(.+)$/i.exec(h.trim());
    if (!m) throw new HttpError(401, 'Authorization: Basic credentials required');
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    const c = i > 0 ? creds[decoded.slice(0, i)] : undefined;
    if (!c || c.secret !== decoded.slice(i + 1)) throw new HttpError(401, 'unknown credentials');
    if (c.revoked) throw new HttpError(401, 'credentials revoked (the session has ended); launch again');
    return c;
  }

  // ------------------------------------------------------------------ statements
  function prepare(raw: Statement, authority: Agent, now: string): {s: Statement; canonical: string} {
    const problems = statementProblems(raw);
    if (problems.length)
      throw new HttpError(400, `invalid statement${raw?.id ? ` ${raw.id}` : ''}: ${problems.join('; ')}`);
    const s: Statement = {...raw};
    if (!s.id) s.id = randomUUID();
    s.id = String(s.id).toLowerCase();
    const canonical = comparable(s);
    if (!s.timestamp) s.timestamp = now;
    s.stored = now;
    s.authority = authority;
    if (!s.version) s.version = '1.0.0';
    return {s, canonical};
  }

  /** Stores a batch atomically: all new or identical, else 409 and nothing stored. Returns the ids in order. */
  function storeStatements(raws: Statement[], c: Credentials | null): string[] {
    const now = new Date().toISOString();
    const authority = c?.authority ?? {
      objectType: 'Agent',
      account: {homePage: 'urn:ict-manager-training:preview', name: 'lms'},
    };
    const prepared = raws.map((r) => prepare(r, authority, now));
    const seen = new Map<string, string>();
    const fresh: StoredStatement[] = [];
    for (const p of prepared) {
      const prior = byId.get(p.s.id) ?? (seen.has(p.s.id) ? {canonical: seen.get(p.s.id)!} : undefined);
      if (prior) {
        if (prior.canonical !== p.canonical)
          throw new HttpError(409, `statement ${p.s.id} exists with different content`);
        continue;
      }
      seen.set(p.s.id, p.canonical);
      if (p.s.verb.id === VOIDED) {
        if (c?.session) throw new HttpError(403, 'a cmi5 AU may not void statements (cmi5 6.3)');
        const target = byId.get(p.s.object?.id);
        if (p.s.object?.objectType !== 'StatementRef')
          throw new HttpError(400, 'a voiding statement needs a StatementRef object');
        if (target?.statement.verb?.id === VOIDED) throw new HttpError(400, 'a voiding statement cannot be voided');
      }
      fresh.push({statement: p.s, canonical: p.canonical, storedMs: Date.parse(now)});
    }
    if (fresh.length && c?.session) checkCmi5Session(c, fresh);
    if (fresh.length) {
      statementsFile.append(fresh);
      for (const f of fresh) {
        statements.push(f);
        byId.set(f.statement.id, f);
        if (f.statement.verb.id === VOIDED) markVoided(f.statement);
      }
      // what the LMS says in answer (cmi5 `satisfied`) is stored and announced after the batch that caused it
      const answers = fresh.flatMap((f) => afterStatement(f.statement, c));
      lrs.emit(
        'statements',
        fresh.map((f) => f.statement),
      );
      if (answers.length) storeStatements(answers, null);
    }
    return prepared.map((p) => p.s.id);
  }

  function queryStatements(q: StatementQuery = {}, snapshot = statements.length): Statement[] {
    if (q.statementId || q.voidedStatementId) {
      const s = byId.get(String(q.statementId ?? q.voidedStatementId).toLowerCase());
      if (!s) return [];
      if (q.statementId && s.voided) return [];
      if (q.voidedStatementId && !s.voided) return [];
      return [s.statement];
    }
    const agent = q.agent ? agentKey(q.agent) : null;
    const since = q.since ? Date.parse(q.since) : undefined;
    const until = q.until ? Date.parse(q.until) : undefined;
    const out: Statement[] = [];
    for (let i = 0; i < snapshot; i++) {
      const st = statements[i]!;
      if (st.voided) continue;
      const s = st.statement;
      if (since !== undefined && !(st.storedMs > since)) continue;
      if (until !== undefined && !(st.storedMs <= until)) continue;
      if (q.registration && s.context?.registration !== q.registration) continue;
      if (q.verb && s.verb?.id !== q.verb) continue;
      if (agent) {
        const ids = [
          agentKey(s.actor),
          ...(q.related_agents ? [agentKey(s.object), agentKey(s.authority), agentKey(s.context?.instructor)] : []),
        ];
        if (!ids.includes(agent)) continue;
      }
      if (q.activity) {
        const acts = [s.object?.objectType === 'Activity' || !s.object?.objectType ? s.object?.id : undefined];
        if (q.related_activities) {
          const ca = s.context?.contextActivities ?? {};
          for (const k of ['parent', 'grouping', 'category', 'other'])
            for (const a of [ca[k]].flat()) if (a?.id) acts.push(a.id);
        }
        if (!acts.includes(q.activity)) continue;
      }
      out.push(s);
    }
    if (!q.ascending) out.reverse();
    return out;
  }

  // ------------------------------------------------------------------ cmi5 (LMS side)
  /** The context of a statement the LMS makes: the publisher id of what it is about in the grouping (cmi5 9.6.2.3). */
  function cmi5ContextFor(
    reg: Cmi5Registration,
    sessionId: string,
    extra: Record<string, unknown> = {},
    publisherId = reg.publisherId,
  ) {
    return {
      registration: reg.registration,
      contextActivities: {category: [{id: CMI5.category}], ...(publisherId ? {grouping: [{id: publisherId}]} : {})},
      extensions: {[CMI5.sessionId]: sessionId, ...extra},
    };
  }

  function lmsStatement(
    reg: Cmi5Registration,
    verb: string,
    display: string,
    object: string,
    sessionId: string,
    extra: Record<string, unknown> = {},
    type?: string,
    publisherId?: string,
  ) {
    return {
      id: randomUUID(),
      actor: reg.actor,
      verb: {id: verb, display: {'en-US': display}},
      object: {objectType: 'Activity', id: object, ...(type ? {definition: {type}} : {})},
      context: cmi5ContextFor(reg, sessionId, extra, publisherId),
      timestamp: new Date().toISOString(),
    };
  }

  /** An activity id of this LMS for a publisher id: made once, then the same for every registration. */
  function generatedId(kind: 'au' | 'course', publisherId: string, endpoint: string): string {
    cmi5.generated ??= {};
    const key = `${kind}|${publisherId}`;
    return (cmi5.generated[key] ??= new URL(
      `cmi5/${kind === 'au' ? 'aus' : 'courses'}/${randomUUID()}`,
      endpoint,
    ).href);
  }

  function createCmi5Launch(input: Cmi5LaunchInput): Cmi5Launch {
    if (!agentKey(input.actor)) throw new Error('createCmi5Launch: actor needs an identifier (mbox or account)');
    const endpoint = input.endpoint.replace(/\/?$/, '/');
    const registration = input.registration ?? randomUUID();
    const sessionId = randomUUID();
    let reg = cmi5.registrations[registration];
    if (!reg) {
      const publisherId = input.publisherId ?? input.activityId;
      if (!publisherId)
        throw new Error("createCmi5Launch: give the AU's activityId or its publisherId (the AU id in cmi5.xml)");
      const activityId = input.activityId ?? generatedId('au', publisherId, endpoint);
      const courseIri = input.courseIri ?? generatedId('course', input.coursePublisherId ?? publisherId, endpoint);
      const publisherIds = [publisherId, input.coursePublisherId].filter(Boolean);
      if (publisherIds.includes(courseIri) || courseIri === activityId) {
        throw new Error(
          `createCmi5Launch: the course activity id ${courseIri} of satisfied must be the LMS's own, not an id of the package or the AU (cmi5 9.4)`,
        );
      }
      reg = {
        registration,
        actor: input.actor,
        activityId,
        courseIri,
        publisherId,
        coursePublisherId: input.coursePublisherId,
        masteryScore: input.masteryScore,
        moveOn: input.moveOn ?? 'CompletedOrPassed',
        launchMode: input.launchMode ?? 'Normal',
        returnURL: input.returnURL,
        sessions: [],
      };
      cmi5.registrations[registration] = reg;
    } else {
      reg.launchMode = input.launchMode ?? reg.launchMode;
      reg.returnURL = input.returnURL ?? reg.returnURL;
      if (input.masteryScore !== undefined) reg.masteryScore = input.masteryScore;
      if (input.moveOn) reg.moveOn = input.moveOn;
    }
    // a previous session that never terminated is abandoned (cmi5 9.3.7), and its credentials end with it
    for (const s of reg.sessions) {
      if (!s.terminated && !s.abandoned) {
        s.abandoned = true;
        if (creds[s.credentialKey]) creds[s.credentialKey]!.revoked = Date.now();
        storeStatements(
          [lmsStatement(reg, CMI5.verbs.abandoned, 'abandoned', reg.activityId, s.id, {}, undefined, reg.publisherId)],
          null,
        );
      }
    }
    const c = createCredentials({name: 'cmi5 AU session'});
    c.session = sessionId;
    creds[c.key] = c;
    credFile.save(creds);
    reg.sessions.push({id: sessionId, credentialKey: c.key, started: new Date().toISOString()});
    const token = randomBytes(18).toString('base64url');
    cmi5.fetch[token] = {credentialKey: c.key, registration, sessionId};
    const fetchUrl = new URL(`cmi5/fetch/${token}`, endpoint).href;

    const launchData: Record<string, unknown> = {
      contextTemplate: {
        contextActivities: {grouping: [{id: reg.publisherId}]},
        extensions: {[CMI5.sessionId]: sessionId},
      },
      launchMode: reg.launchMode,
      moveOn: reg.moveOn,
    };
    if (reg.masteryScore !== undefined) launchData.masteryScore = reg.masteryScore;
    if (reg.returnURL) launchData.returnURL = reg.returnURL;
    if (input.launchParameters) launchData.launchParameters = input.launchParameters;
    putDocument(
      state,
      stateKey(reg.activityId, reg.actor, 'LMS.LaunchData', registration),
      Buffer.from(JSON.stringify(launchData)),
      'application/json',
    );
    stateFile.save(state);

    const params = new URLSearchParams({
      endpoint,
      fetch: fetchUrl,
      actor: JSON.stringify(reg.actor),
      registration,
      activityId: reg.activityId,
    });
    const query = params.toString();
    const url = input.auUrl ? `${input.auUrl}${input.auUrl.includes('?') ? '&' : '?'}${query}` : undefined;
    const ext: Record<string, unknown> = {
      [CMI5.launchMode]: reg.launchMode,
      [CMI5.moveOn]: reg.moveOn,
      [CMI5.launchURL]: input.auUrl ?? endpoint,
    };
    if (input.launchParameters) ext[CMI5.launchParameters] = input.launchParameters;
    storeStatements(
      [lmsStatement(reg, CMI5.verbs.launched, 'launched', reg.activityId, sessionId, ext, undefined, reg.publisherId)],
      null,
    );
    cmi5File.save(cmi5);
    return {registration, activityId: reg.activityId, courseIri: reg.courseIri, sessionId, fetchUrl, query, url};
  }

  /**
   * The LMS side of a cmi5 session, as ADL's CATAPULT player checks it: every statement of the request against the
   * session's state *before* the request. `initialized` first and once (9.3.0.0-4), nothing after `terminated`
   * (8.1.2.0-2), nothing from an abandoned session. A request with any such statement is refused whole (403), and the
   * refusal is recorded.
   */
  function checkCmi5Session(c: Credentials, fresh: StoredStatement[]) {
    const reg = Object.values(cmi5.registrations).find((r) => r.sessions.some((s) => s.credentialKey === c.key));
    const session = reg?.sessions.find((s) => s.credentialKey === c.key);
    if (!session) return;
    const verbs = fresh.map((f) => String(f.statement.verb?.id).split('/').at(-1)!);
    const refuse = (reason: string) => {
      refusals.push({
        registration: reg?.registration,
        sessionId: session.id,
        verbs,
        reason,
        at: new Date().toISOString(),
      });
      throw new HttpError(403, reason);
    };
    if (session.terminated)
      refuse(`cmi5 session ${session.id} has terminated: no statement may follow terminated (8.1.2.0-2)`);
    if (session.abandoned) refuse(`cmi5 session ${session.id} was abandoned`);
    const isInit = (f: StoredStatement) => f.statement.verb?.id === CMI5.verbs.initialized;
    if (session.initialized && fresh.some(isInit))
      refuse(`cmi5 session ${session.id} is initialized already: initialized is sent once per session (9.3.0.0-4)`);
    if (!session.initialized && fresh.some((f) => !isInit(f))) {
      refuse(
        `cmi5 session ${session.id} is not initialized: initialized must be the first statement of the session, acknowledged before any other (9.3.0.0-4); this request carries ${verbs.join(', ')}`,
      );
    }
    const t = fresh.findIndex((f) => f.statement.verb?.id === CMI5.verbs.terminated);
    if (t >= 0 && t < fresh.length - 1)
      refuse(
        `cmi5 session ${session.id}: no statement may follow terminated (8.1.2.0-2); this request carries ${verbs.join(', ')}`,
      );
  }

  /** The LMS's bookkeeping after an AU's statement is stored; returns the statements the LMS makes in answer. */
  function afterStatement(s: Statement, c: Credentials | null): Statement[] {
    const reg = s.context?.registration ? cmi5.registrations[s.context.registration] : undefined;
    if (!reg || !c?.session) return [];
    const session = reg.sessions.find((x) => x.credentialKey === c.key);
    if (!session) return [];
    const out: Statement[] = [];
    const verb = s.verb?.id;
    if (verb === CMI5.verbs.initialized) session.initialized = true;
    if (verb === CMI5.verbs.terminated) session.terminated = true;
    if (s.object?.id === reg.activityId) {
      if (verb === CMI5.verbs.completed) reg.completed = true;
      if (verb === CMI5.verbs.passed) reg.passed = true;
    }
    const met =
      reg.moveOn === 'Completed'
        ? reg.completed
        : reg.moveOn === 'Passed'
          ? reg.passed
          : reg.moveOn === 'CompletedAndPassed'
            ? reg.completed && reg.passed
            : reg.moveOn === 'CompletedOrPassed'
              ? reg.completed || reg.passed
              : reg.moveOn === 'NotApplicable';
    if (met && !reg.satisfied) {
      reg.satisfied = true;
      out.push(
        lmsStatement(
          reg,
          CMI5.verbs.satisfied,
          'satisfied',
          reg.courseIri,
          session.id,
          {},
          'https://w3id.org/xapi/cmi5/activitytype/course',
          reg.coursePublisherId,
        ),
      );
    }
    cmi5File.save(cmi5);
    return out;
  }

  function cmi5Fetch(token: string, method: string, res: ServerResponse) {
    const f = cmi5.fetch[token];
    if (method !== 'POST') return sendJson(res, 405, {'error-code': '2', 'error-text': 'the fetch URL takes POST'});
    // cmi5 8.2: errors are answered with status 200 and an error-code (1 already in use, 2 general, 3 security)
    if (!f) return sendJson(res, 200, {'error-code': '3', 'error-text': 'unknown fetch URL'});
    const c = creds[f.credentialKey];
    if (f.used || !c || c.revoked)
      return sendJson(res, 200, {'error-code': '1', 'error-text': 'already in use: this fetch URL has been used'});
    f.used = new Date().toISOString();
    cmi5File.save(cmi5);
    return sendJson(res, 200, {'auth-token': Buffer.from(`${c.key}:${c.secret}`).toString('base64')});
  }

  // ------------------------------------------------------------------ documents
  function stateKey(activityId: string, agent: Agent, stateId: string, registration?: string) {
    return JSON.stringify([activityId, agentKey(agent), registration ?? '', stateId]);
  }
  function putDocument(coll: Record<string, StoredDocument>, key: string, body: Buffer, contentType: string) {
    coll[key] = {contentType, body: body.toString('base64'), etag: etagOf(body), updated: new Date().toISOString()};
  }

  // ------------------------------------------------------------------ HTTP
  function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    if (body instanceof RawBody) {
      res.writeHead(status, {'Content-Type': body.contentType, 'Content-Length': body.bytes.length, ...headers});
      res.end(body.bytes);
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    res.end(text);
  }
  function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}) {
    res.writeHead(status, headers);
    res.end();
  }
  function sendError(res: ServerResponse, status: number, message: string) {
    sendJson(res, status, {error: true, status, message});
  }

  function cors(req: IncomingMessage, res: ServerResponse) {
    const origin = req.headers.origin;
    res.setHeader('Access-Control-Allow-Origin', origin ?? '*');
    if (origin) {
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, PUT, POST, DELETE, OPTIONS, HEAD');
    res.setHeader(
      'Access-Control-Allow-Headers',
      'Authorization, Content-Type, X-Experience-API-Version, If-Match, If-None-Match',
    );
    res.setHeader(
      'Access-Control-Expose-Headers',
      'ETag, Last-Modified, X-Experience-API-Version, X-Experience-API-Consistent-Through',
    );
    res.setHeader('Access-Control-Max-Age', '600');
  }

  function readBody(req: IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 8 * 1024 * 1024) reject(new HttpError(413, 'request body over 8 MB'));
        else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document (an xAPI statement, a CMI object) read by path
  function parseJson(body: Buffer, what: string): any {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch {
      throw new HttpError(400, `${what}: the body is not valid JSON`);
    }
  }

  function param(url: URL, name: string, required = true): string | undefined {
    const v = url.searchParams.get(name);
    if (required && (v === null || v === '')) throw new HttpError(400, `the ${name} parameter is required`);
    return v ?? undefined;
  }
  function agentParam(url: URL, name = 'agent', required = true): Agent | undefined {
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
  function registrationParam(url: URL): string | undefined {
    const r = param(url, 'registration', false);
    if (r !== undefined && !UUID_RE.test(r)) throw new HttpError(400, 'the registration parameter is not a UUID');
    return r;
  }

  function takeFault(resource: string, method: string): Fault | undefined {
    const i = faults.findIndex((f) => (!f.resource || f.resource === resource) && (!f.method || f.method === method));
    if (i < 0) return undefined;
    const f = faults[i]!;
    if (f.times !== undefined && --f.times <= 0) faults.splice(i, 1);
    return f;
  }

  /** Holds a request a test gated until the test releases it. */
  async function passGate(resource: string, method: string, url: URL): Promise<void> {
    const g = gates.find(
      (x) =>
        x.left > 0 &&
        (!x.match.resource || x.match.resource === resource) &&
        (!x.match.method || x.match.method === method) &&
        (!x.match.url || x.match.url(url)),
    );
    if (!g) return;
    g.left--;
    g.arrive();
    await g.open;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://lrs.invalid');
    if (!url.pathname.startsWith(basePath) && url.pathname !== basePath.slice(0, -1)) return false;
    const resource = url.pathname.slice(basePath.length).replace(/\/$/, '');
    const method = (req.method ?? 'GET').toUpperCase();
    cors(req, res);
    res.setHeader('X-Experience-API-Version', XAPI_VERSION);
    try {
      if (method === 'OPTIONS') {
        sendEmpty(res, 204);
        return true;
      }
      if (resource.startsWith('cmi5/fetch/')) {
        cmi5Fetch(resource.slice('cmi5/fetch/'.length), method, res);
        return true;
      }
      if (resource === 'about') {
        sendJson(res, 200, {version: [XAPI_VERSION, '1.0.2', '1.0.1', '1.0.0'], extensions: {}});
        return true;
      }
      const fault = takeFault(resource, method);
      if (fault && !fault.afterStore) {
        sendJson(res, fault.status, {error: true, status: fault.status, message: fault.body ?? 'injected fault'});
        return true;
      }
      const version = req.headers['x-experience-api-version'];
      if (!version) throw new HttpError(400, 'the X-Experience-API-Version header is required (1.0.3)');
      if (!/^1\.0(\.\d+)?$/.test(String(version)))
        throw new HttpError(400, `X-Experience-API-Version ${version} is not supported; use 1.0.3`);
      const c = authenticate(req);
      const body = method === 'PUT' || method === 'POST' ? await readBody(req) : Buffer.alloc(0);
      lrs.emit('request', {method, resource, body: body.toString('utf8')} satisfies LrsRequestSeen);
      await passGate(resource, method, url);
      const respond = fault
        ? (status: number, payload?: unknown, headers?: Record<string, string>) => {
            void status;
            void payload;
            void headers;
            sendJson(res, fault.status, {
              error: true,
              status: fault.status,
              message: fault.body ?? 'injected fault after processing',
            });
          }
        : (status: number, payload?: unknown, headers?: Record<string, string>) =>
            payload === undefined ? sendEmpty(res, status, headers) : sendJson(res, status, payload, headers);

      switch (resource) {
        case 'statements':
          statementsResource(method, url, req, body, c, respond);
          break;
        case 'activities/state':
          documentResource('state', method, url, req, body, respond, c);
          break;
        case 'agents/profile':
          documentResource('profile', method, url, req, body, respond, c);
          break;
        case 'agents': {
          if (method !== 'GET') throw new HttpError(405, 'agents takes GET');
          const a = agentParam(url)!;
          const person: Record<string, unknown[]> = {name: [], mbox: [], mbox_sha1sum: [], openid: [], account: []};
          for (const k of Object.keys(person)) if (a[k] !== undefined) person[k]!.push(a[k]);
          respond(200, {
            objectType: 'Person',
            ...Object.fromEntries(Object.entries(person).filter(([, v]) => v.length)),
          });
          break;
        }
        case 'activities': {
          if (method !== 'GET') throw new HttpError(405, 'activities takes GET');
          const id = param(url, 'activityId')!;
          const found = statements.findLast((s) => s.statement.object?.id === id && s.statement.object?.definition);
          respond(200, {objectType: 'Activity', id, ...(found ? {definition: found.statement.object.definition} : {})});
          break;
        }
        default:
          throw new HttpError(404, `no resource ${resource || '(root)'} here; see ${basePath}about`);
      }
    } catch (e) {
      if (e instanceof HttpError) sendError(res, e.status, e.message);
      else {
        sendError(res, 500, e instanceof Error ? e.message : String(e));
      }
    }
    return true;
  }

  type Respond = (status: number, payload?: unknown, headers?: Record<string, string>) => void;

  function statementsResource(
    method: string,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    c: Credentials,
    respond: Respond,
  ) {
    const consistent = {'X-Experience-API-Consistent-Through': new Date().toISOString()};
    if (method === 'GET' || method === 'HEAD') {
      const q: StatementQuery = {};
      const sid = url.searchParams.get('statementId');
      const vid = url.searchParams.get('voidedStatementId');
      if (sid || vid) {
        const other = [...url.searchParams.keys()].filter(
          (k) => !['statementId', 'voidedStatementId', 'format', 'attachments'].includes(k),
        );
        if ((sid && vid) || other.length)
          throw new HttpError(400, `statementId and voidedStatementId take no other filter (got ${other.join(', ')})`);
        const found = queryStatements({statementId: sid ?? undefined, voidedStatementId: vid ?? undefined});
        if (!found.length) throw new HttpError(404, `no statement ${sid ?? vid}`);
        respond(200, found[0], {...consistent, 'Last-Modified': new Date(found[0]!.stored).toUTCString()});
        return;
      }
      q.agent = agentParam(url, 'agent', false);
      q.verb = param(url, 'verb', false);
      q.activity = param(url, 'activity', false);
      q.registration = registrationParam(url);
      q.since = param(url, 'since', false);
      q.until = param(url, 'until', false);
      for (const k of ['since', 'until'] as const)
        if (q[k] && Number.isNaN(Date.parse(q[k]!))) throw new HttpError(400, `the ${k} parameter is not a timestamp`);
      q.ascending = url.searchParams.get('ascending') === 'true';
      q.related_activities = url.searchParams.get('related_activities') === 'true';
      q.related_agents = url.searchParams.get('related_agents') === 'true';
      const limitRaw = url.searchParams.get('limit');
      const limit = limitRaw === null || limitRaw === '0' ? pageSize : Math.min(pageSize, Number(limitRaw));
      if (!Number.isInteger(limit) || limit < 0)
        throw new HttpError(400, 'the limit parameter is not a non-negative integer');
      const cursor = url.searchParams.get('cursor');
      let snapshot = statements.length;
      let offset = 0;
      if (cursor) {
        const m = /^(\d+)\.(\d+)$/.exec(cursor);
        if (!m) throw new HttpError(400, 'bad cursor');
        snapshot = Math.min(Number(m[1]), statements.length);
        offset = Number(m[2]);
      }
      const all = queryStatements(q, snapshot);
      const page = all.slice(offset, offset + limit);
      let more = '';
      if (offset + limit < all.length) {
        const next = new URLSearchParams(url.searchParams);
        next.set('cursor', `${snapshot}.${offset + limit}`);
        more = `${basePath}statements?${next.toString()}`;
      }
      respond(200, {statements: page, more}, consistent);
      return;
    }
    if (method === 'PUT') {
      const id = param(url, 'statementId')!;
      const s = parseJson(body, 'statement');
      if (Array.isArray(s) || !s || typeof s !== 'object') throw new HttpError(400, 'PUT takes one statement object');
      if (s.id !== undefined && String(s.id).toLowerCase() !== id.toLowerCase())
        throw new HttpError(400, `statementId ${id} and the statement's id ${s.id} differ`);
      storeStatements([{...s, id}], c);
      respond(204, undefined, consistent);
      return;
    }
    if (method === 'POST') {
      if (/^multipart\//i.test(req.headers['content-type'] ?? ''))
        throw new HttpError(400, 'attachments (multipart/mixed) are not supported by this LRS');
      const parsed = parseJson(body, 'statements');
      const list = Array.isArray(parsed) ? parsed : [parsed];
      if (!list.length) throw new HttpError(400, 'an empty array of statements');
      const ids = storeStatements(list, c);
      respond(200, ids, consistent);
      return;
    }
    throw new HttpError(405, `statements does not take ${method}`);
  }

  function documentResource(
    kind: 'state' | 'profile',
    method: string,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    respond: Respond,
    c: Credentials,
  ) {
    const coll = kind === 'state' ? state : profiles;
    const save = () => (kind === 'state' ? stateFile.save(state) : profileFile.save(profiles));
    const agent = agentParam(url)!;
    const idName = kind === 'state' ? 'stateId' : 'profileId';
    const activityId = kind === 'state' ? param(url, 'activityId')! : '';
    const registration = kind === 'state' ? registrationParam(url) : undefined;
    const docId = param(url, idName, false);
    const keyOf = (id: string) =>
      kind === 'state' ? stateKey(activityId, agent, id, registration) : JSON.stringify([agentKey(agent), id]);
    const prefix = keyOf('').slice(0, -2); // the key without its closing `"]`: matches every id of this scope
    const scoped = () =>
      Object.keys(coll).filter((k) => k.startsWith(prefix) && JSON.parse(k).length === (kind === 'state' ? 4 : 2));
    if (!docId) {
      if (method === 'GET') {
        const since = param(url, 'since', false);
        const sinceMs = since ? Date.parse(since) : undefined;
        const ids = scoped()
          .filter((k) => sinceMs === undefined || Date.parse(coll[k]!.updated) > sinceMs)
          .map((k) => JSON.parse(k).at(-1) as string);
        respond(200, ids);
        return;
      }
      if (method === 'DELETE' && kind === 'state') {
        for (const k of scoped()) delete coll[k];
        save();
        respond(204);
        return;
      }
      throw new HttpError(400, `the ${idName} parameter is required for ${method}`);
    }
    if (kind === 'state' && docId === 'LMS.LaunchData' && method !== 'GET' && method !== 'HEAD' && c.session) {
      throw new HttpError(403, 'LMS.LaunchData is written by the LMS; an AU reads it only (cmi5 10.0)');
    }
    const key = keyOf(docId);
    const existing = coll[key];
    const ifMatch = req.headers['if-match'];
    const ifNoneMatch = req.headers['if-none-match'];
    if (ifMatch && (!existing || (ifMatch !== '*' && ifMatch !== existing.etag)))
      throw new HttpError(412, 'If-Match does not match the document');
    if (ifNoneMatch === '*' && existing) throw new HttpError(412, 'If-None-Match: * but the document exists');
    const ct = String(req.headers['content-type'] ?? 'application/octet-stream');
    switch (method) {
      case 'GET':
      case 'HEAD': {
        if (!existing) throw new HttpError(404, `no document ${docId}`);
        const bytes = Buffer.from(existing.body, 'base64');
        if (isJsonType(existing.contentType))
          respond(200, JSON.parse(bytes.toString('utf8')), {
            ETag: existing.etag,
            'Last-Modified': new Date(existing.updated).toUTCString(),
          });
        else respondRaw(respond, existing, bytes);
        return;
      }
      case 'PUT': {
        if (kind === 'profile' && existing && !ifMatch && !ifNoneMatch)
          throw new HttpError(409, 'the profile exists: send If-Match with its ETag (or If-None-Match: *)');
        if (isJsonType(ct)) parseJson(body, 'document');
        putDocument(coll, key, body, ct);
        save();
        respond(204, undefined, {ETag: coll[key]!.etag});
        return;
      }
      case 'POST': {
        if (!existing) {
          if (isJsonType(ct)) parseJson(body, 'document');
          putDocument(coll, key, body, ct);
        } else {
          if (!isJsonType(ct) || !isJsonType(existing.contentType))
            throw new HttpError(400, 'POST merges JSON objects only; use PUT to replace');
          const a = JSON.parse(Buffer.from(existing.body, 'base64').toString('utf8'));
          const b = parseJson(body, 'document');
          if (!isPlainObject(a) || !isPlainObject(b)) throw new HttpError(400, 'POST merges JSON objects only');
          putDocument(coll, key, Buffer.from(JSON.stringify({...a, ...b})), 'application/json');
        }
        save();
        respond(204, undefined, {ETag: coll[key]!.etag});
        return;
      }
      case 'DELETE':
        if (existing) {
          delete coll[key];
          save();
        }
        respond(204);
        return;
      default:
        throw new HttpError(405, `${method} is not allowed here`);
    }
  }

  // raw (non-JSON) documents go out with their own content type
  function respondRaw(respond: Respond, doc: StoredDocument, bytes: Buffer) {
    respond(200, new RawBody(bytes, doc.contentType), {
      ETag: doc.etag,
      'Last-Modified': new Date(doc.updated).toUTCString(),
    });
  }

  Object.assign(lrs, {
    basePath,
    dataDir: opts.dataDir,
    handle,
    createCredentials,
    revokeCredentials(key: string) {
      if (creds[key]) {
        creds[key]!.revoked = Date.now();
        credFile.save(creds);
      }
    },
    createXapiLaunch(input: XapiLaunchInput): XapiLaunch {
      if (!agentKey(input.actor)) throw new Error('createXapiLaunch: actor needs an identifier (mbox or account)');
      const registration = input.registration ?? randomUUID();
      const credentials = createCredentials({name: 'xAPI launch'});
      const params = {
        endpoint: input.endpoint.replace(/\/?$/, '/'),
        auth: credentials.authorization,
        actor: JSON.stringify(input.actor),
        registration,
        activity_id: input.activityId,
      };
      const query = new URLSearchParams(params).toString();
      const url = input.auUrl ? `${input.auUrl}${input.auUrl.includes('?') ? '&' : '?'}${query}` : undefined;
      return {registration, credentials, params, query, url};
    },
    createCmi5Launch,
    queryStatements: (q?: StatementQuery) => queryStatements(q),
    allStatements: () => statements.map((s) => s.statement),
    getState(activityId: string, agent: Agent, stateId: string, registration?: string) {
      const d = state[stateKey(activityId, agent, stateId, registration)];
      if (!d) return undefined;
      const text = Buffer.from(d.body, 'base64').toString('utf8');
      return isJsonType(d.contentType) ? JSON.parse(text) : text;
    },
    cmi5Registration: (r: string) => cmi5.registrations[r],
    injectFault(f: Fault) {
      faults.push({...f});
    },
    clearFaults() {
      faults = [];
      for (const g of [...gates]) g.release();
    },
    gate(match: GateMatch): Gate {
      let release!: () => void;
      let arrive!: () => void;
      const open = new Promise<void>((r) => (release = r));
      const arrived = new Promise<void>((r) => (arrive = r));
      const g = {match, left: match.times ?? 1, open, release: () => undefined, arrive};
      g.release = () => {
        g.left = 0;
        gates = gates.filter((x) => x !== g);
        release();
      };
      gates.push(g);
      return {arrived, release: g.release};
    },
    cmi5Refusals: (registration?: string) => refusals.filter((r) => !registration || r.registration === registration),
    reset() {
      removeFiles(opts.dataDir, ['statements.jsonl', 'state.json', 'agent-profile.json', 'cmi5.json']);
      const keep = creds;
      load();
      creds = keep;
      faults = [];
      refusals.length = 0;
      lrs.emit('reset');
    },
  });
  return lrs;
}

class RawBody {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
