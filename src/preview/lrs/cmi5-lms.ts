// The LMS side of cmi5 in the preview LRS: registrations and AU sessions, the launch (LaunchData, a one-time fetch
// URL, `launched`), the session rules as ADL's CATAPULT checks them, `abandoned` for a session that never
// terminated, and `satisfied` once the moveOn criterion is met.
import {randomBytes, randomUUID} from 'node:crypto';
import type {ServerResponse} from 'node:http';
import {HttpError, sendJson} from '../http.js';
import type {CredentialStore} from './credentials.js';
import type {DocumentStore} from './documents.js';
import {LMS_IRI} from '../../tracking/xapi/vocabulary.js';
import type {StatementStore} from './statements.js';
import type {JsonFile, StoredStatement} from './store.js';
import {
  CMI5,
  agentKey,
  objectId,
  type Agent,
  type Cmi5LaunchMode,
  type Credentials,
  type MoveOn,
  type Statement,
} from './xapi.js';

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

export interface Cmi5Registration {
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
  /** the LMS waived the AU (cmi5 9.3.9), with the reason it gave */
  waived?: string;
}

export interface Cmi5Db {
  registrations: Record<string, Cmi5Registration>;
  /** fetch token -> what it hands out */
  fetch: Record<string, {credentialKey: string; registration: string; sessionId: string; used?: string}>;
  /** activity ids this LMS generated, by the publisher id they stand for (`au|<id>`, `course|<id>`): stable across registrations */
  generated?: Record<string, string>;
}

/** The result extension of a `waived` statement: why the LMS waived the AU (cmi5 9.5.4.1). */
const CMI5_REASON = 'https://w3id.org/xapi/cmi5/result/extensions/reason';

export class Cmi5Lms {
  private db: Cmi5Db = {registrations: {}, fetch: {}};
  /** the statement requests the session rules refused, oldest first */
  readonly refused: Cmi5Refusal[] = [];

  constructor(
    private readonly file: JsonFile<Cmi5Db>,
    private readonly deps: {credentials: CredentialStore; statements: StatementStore; documents: DocumentStore},
  ) {}

  load(): void {
    this.db = this.file.load();
  }

  registration(registration: string): Readonly<Cmi5Registration> | undefined {
    return this.db.registrations[registration];
  }

  /** The context of a statement the LMS makes: the publisher id of what it is about in the grouping (cmi5 9.6.2.3). */
  private contextFor(
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

  private lmsStatement(
    reg: Cmi5Registration,
    verb: string,
    display: string,
    object: string,
    sessionId: string,
    extra: Record<string, unknown> = {},
    type?: string,
    publisherId?: string,
  ): Statement {
    return {
      id: randomUUID(),
      actor: reg.actor,
      verb: {id: verb, display: {'en-US': display}},
      object: {objectType: 'Activity', id: object, ...(type ? {definition: {type}} : {})},
      context: this.contextFor(reg, sessionId, extra, publisherId),
      timestamp: new Date().toISOString(),
    };
  }

  /** An activity id of this LMS for a publisher id: made once, then the same for every registration. */
  private generatedId(kind: 'au' | 'course', publisherId: string, endpoint: string): string {
    this.db.generated ??= {};
    const key = `${kind}|${publisherId}`;
    return (this.db.generated[key] ??= new URL(
      `cmi5/${kind === 'au' ? 'aus' : 'courses'}/${randomUUID()}`,
      endpoint,
    ).href);
  }

  createLaunch(input: Cmi5LaunchInput): Cmi5Launch {
    if (!agentKey(input.actor)) throw new Error('createCmi5Launch: actor needs an identifier (mbox or account)');
    const endpoint = input.endpoint.replace(/\/?$/, '/');
    const registration = input.registration ?? randomUUID();
    const sessionId = randomUUID();
    let reg = this.db.registrations[registration];
    if (!reg) {
      const publisherId = input.publisherId ?? input.activityId;
      if (!publisherId)
        throw new Error("createCmi5Launch: give the AU's activityId or its publisherId (the AU id in cmi5.xml)");
      const activityId = input.activityId ?? this.generatedId('au', publisherId, endpoint);
      const courseIri = input.courseIri ?? this.generatedId('course', input.coursePublisherId ?? publisherId, endpoint);
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
      this.db.registrations[registration] = reg;
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
        this.deps.credentials.revoke(s.credentialKey);
        this.deps.statements.store(
          [
            this.lmsStatement(
              reg,
              CMI5.verbs.abandoned,
              'abandoned',
              reg.activityId,
              s.id,
              {},
              undefined,
              reg.publisherId,
            ),
          ],
          null,
        );
      }
    }
    const c = this.deps.credentials.create({name: 'cmi5 AU session', session: sessionId});
    reg.sessions.push({id: sessionId, credentialKey: c.key, started: new Date().toISOString()});
    const token = randomBytes(18).toString('base64url');
    this.db.fetch[token] = {credentialKey: c.key, registration, sessionId};
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
    this.deps.documents.putState(reg.activityId, reg.actor, 'LMS.LaunchData', registration, launchData);

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
    this.deps.statements.store(
      [
        this.lmsStatement(
          reg,
          CMI5.verbs.launched,
          'launched',
          reg.activityId,
          sessionId,
          ext,
          undefined,
          reg.publisherId,
        ),
      ],
      null,
    );
    this.file.save(this.db);
    return {registration, activityId: reg.activityId, courseIri: reg.courseIri, sessionId, fetchUrl, query, url};
  }

  /**
   * The LMS side of a cmi5 session, as ADL's CATAPULT player checks it: every statement of the request against the
   * session's state *before* the request. `initialized` first and once (9.3.0.0-4), nothing after `terminated`
   * (8.1.2.0-2), nothing from an abandoned session. A request with any such statement is refused whole (403), and the
   * refusal is recorded.
   */
  checkSession(c: Credentials, fresh: StoredStatement[]): void {
    const reg = Object.values(this.db.registrations).find((r) => r.sessions.some((s) => s.credentialKey === c.key));
    const session = reg?.sessions.find((s) => s.credentialKey === c.key);
    if (!session) return;
    const verbs = fresh.map((f) => String(f.statement.verb?.id).split('/').at(-1)!);
    const refuse = (reason: string) => {
      this.refused.push({
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
  afterStatement(s: Statement, c: Credentials | null): Statement[] {
    const reg = s.context?.registration ? this.db.registrations[s.context.registration] : undefined;
    if (!reg || !c?.session) return [];
    const session = reg.sessions.find((x) => x.credentialKey === c.key);
    if (!session) return [];
    const out: Statement[] = [];
    const verb = s.verb?.id;
    if (verb === CMI5.verbs.initialized) session.initialized = true;
    if (verb === CMI5.verbs.terminated) session.terminated = true;
    if (objectId(s) === reg.activityId) {
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
    if (met && !reg.satisfied) out.push(this.satisfy(reg, session.id));
    this.file.save(this.db);
    return out;
  }

  /** The registration is satisfied (moveOn met, or the AU waived): `satisfied` about the LMS's course activity. */
  private satisfy(reg: Cmi5Registration, sessionId: string): Statement {
    reg.satisfied = true;
    return this.lmsStatement(
      reg,
      CMI5.verbs.satisfied,
      'satisfied',
      reg.courseIri,
      sessionId,
      {},
      LMS_IRI.cmi5Course,
      reg.coursePublisherId,
    );
  }

  /**
   * The LMS waives the AU for the learner (cmi5 9.3.9): a `waived` statement about the AU with success and
   * completion and the reason (Tested Out, Equivalent AU, Equivalent Outside Activity, Administrative), in a session
   * of its own, then `satisfied` where that meets moveOn (a waived AU counts as completed and passed).
   */
  waive(
    registration: string,
    reason: 'Tested Out' | 'Equivalent AU' | 'Equivalent Outside Activity' | 'Administrative',
  ): void {
    const reg = this.db.registrations[registration];
    if (!reg) throw new Error(`no cmi5 registration ${registration}`);
    if (reg.waived) return;
    const sessionId = randomUUID();
    const waived = this.lmsStatement(
      reg,
      CMI5.verbs.waived,
      'waived',
      reg.activityId,
      sessionId,
      {},
      undefined,
      reg.publisherId,
    );
    waived.context!.contextActivities!.category = [{id: CMI5.category}, {id: CMI5.moveOnCategory}];
    waived.result = {success: true, completion: true, extensions: {[CMI5_REASON]: reason}};
    reg.waived = reason;
    reg.completed = true;
    reg.passed = true;
    const out: Statement[] = [waived];
    if (!reg.satisfied) out.push(this.satisfy(reg, sessionId));
    this.deps.statements.store(out, null);
    this.file.save(this.db);
  }

  fetch(token: string, method: string, res: ServerResponse): void {
    const f = this.db.fetch[token];
    if (method !== 'POST') return sendJson(res, 405, {'error-code': '2', 'error-text': 'the fetch URL takes POST'});
    // cmi5 8.2: errors are answered with status 200 and an error-code (1 already in use, 2 general, 3 security)
    if (!f) return sendJson(res, 200, {'error-code': '3', 'error-text': 'unknown fetch URL'});
    const c = this.deps.credentials.get(f.credentialKey);
    if (f.used || !c || c.revoked)
      return sendJson(res, 200, {'error-code': '1', 'error-text': 'already in use: this fetch URL has been used'});
    f.used = new Date().toISOString();
    this.file.save(this.db);
    return sendJson(res, 200, {'auth-token': Buffer.from(`${c.key}:${c.secret}`).toString('base64')});
  }
}
