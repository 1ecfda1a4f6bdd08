// A small xAPI 1.0.3 Learning Record Store for the preview LMS and the tests, with the LMS side of a cmi5 launch.
//
// `createLrs({dataDir})` returns an {@link Lrs}: its `handle(req, res)` is a `node:http` handler (resolving false
// when the request is not under `basePath`) that serves statements (PUT/POST/GET, voiding, `more`),
// activities/state, agents/profile, agents, activities, about, with Basic auth, the `X-Experience-API-Version`
// header and CORS. The resources are classes of their own (statements.ts, documents.ts, credentials.ts, and the
// cmi5 LMS side in cmi5-lms.ts); records persist in `dataDir` (statements as JSON lines, other collections as JSON
// written atomically).
import {randomUUID} from 'node:crypto';
import {EventEmitter} from 'node:events';
import type {IncomingMessage, ServerResponse} from 'node:http';
import {join} from 'node:path';
import {HttpError, readBody, sendEmpty, sendJson} from '../http.js';
import {
  Cmi5Lms,
  type Cmi5Db,
  type Cmi5Launch,
  type Cmi5LaunchInput,
  type Cmi5Refusal,
  type Cmi5Registration,
} from './cmi5-lms.js';
import {CredentialStore} from './credentials.js';
import {DocumentStore} from './documents.js';
import {StatementStore, type Respond} from './statements.js';
import {ensureDir, JsonFile, JsonLinesFile, removeFiles, type StoredDocument, type StoredStatement} from './store.js';
import {
  XAPI_VERSION,
  agentKey,
  agentParam,
  param,
  type Agent,
  type Credentials,
  type StoredXapiStatement,
  type StatementQuery,
} from './xapi.js';

export {CMI5, XAPI_VERSION, agentKey, canonicalJson, objectId, statementProblems} from './xapi.js';
export type {
  Agent,
  Cmi5LaunchMode,
  Credentials,
  MoveOn,
  Statement,
  StatementQuery,
  StoredXapiStatement,
} from './xapi.js';
export type {Cmi5Launch, Cmi5LaunchInput, Cmi5Refusal, Cmi5Registration} from './cmi5-lms.js';

/** Largest request body the LRS reads. */
const MAX_BODY = 8 * 1024 * 1024;

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

export interface LrsOptions {
  /** folder for the records; created when missing */
  dataDir: string;
  /** URL path the handler answers under; default `/xapi/` */
  basePath?: string;
  /** largest page of GET statements; default 100 */
  pageSize?: number;
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
  queryStatements(q?: StatementQuery): StoredXapiStatement[];
  /** every stored statement in the order stored (oldest first), voided included */
  allStatements(): StoredXapiStatement[];
  /** a document of the State API, parsed as JSON where it is JSON */
  getState(activityId: string, agent: Agent, stateId: string, registration?: string): unknown;
  /** the cmi5 record of a registration (moveOn, satisfied, sessions) */
  cmi5Registration(registration: string): Readonly<Cmi5Registration> | undefined;
  /** the LMS waives the AU of a registration for its learner (cmi5 9.3.9) */
  waiveCmi5(registration: string, reason: Parameters<Cmi5Lms['waive']>[1]): void;
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

interface HeldGate {
  match: GateMatch;
  left: number;
  open: Promise<void>;
  release: () => void;
  arrive: () => void;
}

export function createLrs(opts: LrsOptions): Lrs {
  return new PreviewLrs(opts);
}

class PreviewLrs extends EventEmitter implements Lrs {
  readonly basePath: string;
  readonly dataDir: string;
  private readonly credentials: CredentialStore;
  private readonly statements: StatementStore;
  private readonly documents: DocumentStore;
  private readonly cmi5: Cmi5Lms;
  private faults: Fault[] = [];
  private gates: HeldGate[] = [];

  constructor(opts: LrsOptions) {
    super();
    this.basePath = (opts.basePath ?? '/xapi/').replace(/\/?$/, '/');
    this.dataDir = opts.dataDir;
    ensureDir(opts.dataDir);
    const file = (name: string) => join(opts.dataDir, name);
    this.credentials = new CredentialStore(
      new JsonFile<Record<string, Credentials>>(file('credentials.json'), () => ({})),
    );
    this.statements = new StatementStore(
      new JsonLinesFile<StoredStatement>(file('statements.jsonl')),
      this.basePath,
      opts.pageSize ?? 100,
      {
        check: (c, fresh) => this.cmi5.checkSession(c, fresh),
        after: (s, c) => this.cmi5.afterStatement(s, c),
        stored: (statements) => this.emit('statements', statements),
      },
    );
    this.documents = new DocumentStore(
      new JsonFile<Record<string, StoredDocument>>(file('state.json'), () => ({})),
      new JsonFile<Record<string, StoredDocument>>(file('agent-profile.json'), () => ({})),
    );
    this.cmi5 = new Cmi5Lms(new JsonFile<Cmi5Db>(file('cmi5.json'), () => ({registrations: {}, fetch: {}})), {
      credentials: this.credentials,
      statements: this.statements,
      documents: this.documents,
    });
    this.credentials.load();
    this.load();
  }

  /** Reads the records (credentials apart: they stay valid across a reset). */
  private load(): void {
    this.statements.load();
    this.documents.load();
    this.cmi5.load();
  }

  handle = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const basePath = this.basePath;
    const url = new URL(req.url ?? '/', 'http://lrs.invalid');
    if (!url.pathname.startsWith(basePath) && url.pathname !== basePath.slice(0, -1)) return false;
    const resource = url.pathname.slice(basePath.length).replace(/\/$/, '');
    const method = (req.method ?? 'GET').toUpperCase();
    cors(req, res);
    res.setHeader('X-Experience-API-Version', XAPI_VERSION);
    try {
      await this.route(req, res, url, resource, method);
    } catch (e) {
      const status = e instanceof HttpError ? e.status : 500;
      sendJson(res, status, {error: true, status, message: e instanceof Error ? e.message : String(e)});
    }
    return true;
  };

  private async route(req: IncomingMessage, res: ServerResponse, url: URL, resource: string, method: string) {
    if (method === 'OPTIONS') return sendEmpty(res, 204);
    if (resource.startsWith('cmi5/fetch/')) return this.cmi5.fetch(resource.slice('cmi5/fetch/'.length), method, res);
    if (resource === 'about') {
      return sendJson(res, 200, {version: [XAPI_VERSION, '1.0.2', '1.0.1', '1.0.0'], extensions: {}});
    }
    const fault = this.takeFault(resource, method);
    if (fault && !fault.afterStore) {
      return sendJson(res, fault.status, {error: true, status: fault.status, message: fault.body ?? 'injected fault'});
    }
    const version = req.headers['x-experience-api-version'];
    if (!version) throw new HttpError(400, 'the X-Experience-API-Version header is required (1.0.3)');
    if (!/^1\.0(\.\d+)?$/.test(String(version)))
      throw new HttpError(400, `X-Experience-API-Version ${version} is not supported; use 1.0.3`);
    const c = this.credentials.authenticate(req);
    const body = method === 'PUT' || method === 'POST' ? await readBody(req, MAX_BODY) : Buffer.alloc(0);
    this.emit('request', {method, resource, body: body.toString('utf8')} satisfies LrsRequestSeen);
    await this.passGate(resource, method, url);
    // a lost acknowledgement: the request is processed, the answer is the fault
    const respond: Respond = fault
      ? () =>
          sendJson(res, fault.status, {
            error: true,
            status: fault.status,
            message: fault.body ?? 'injected fault after processing',
          })
      : (status, payload, headers) =>
          payload === undefined ? sendEmpty(res, status, headers) : sendJson(res, status, payload, headers);

    switch (resource) {
      case 'statements':
        return this.statements.handle(method, url, req, body, c, respond);
      case 'activities/state':
        return this.documents.handle('state', method, url, req, body, respond, c);
      case 'agents/profile':
        return this.documents.handle('profile', method, url, req, body, respond, c);
      case 'agents':
        return respond(200, person(method, url));
      case 'activities': {
        if (method !== 'GET') throw new HttpError(405, 'activities takes GET');
        const id = param(url, 'activityId')!;
        const definition = this.statements.activityDefinition(id);
        return respond(200, {objectType: 'Activity', id, ...(definition ? {definition} : {})});
      }
      default:
        throw new HttpError(404, `no resource ${resource || '(root)'} here; see ${this.basePath}about`);
    }
  }

  private takeFault(resource: string, method: string): Fault | undefined {
    const faults = this.faults;
    const i = faults.findIndex((f) => (!f.resource || f.resource === resource) && (!f.method || f.method === method));
    if (i < 0) return undefined;
    const f = faults[i]!;
    if (f.times !== undefined && --f.times <= 0) faults.splice(i, 1);
    return f;
  }

  /** Holds a request a test gated until the test releases it. */
  private async passGate(resource: string, method: string, url: URL): Promise<void> {
    const g = this.gates.find(
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

  createCredentials(o?: {name?: string; authority?: Agent}): Credentials {
    return this.credentials.create(o);
  }

  revokeCredentials(key: string): void {
    this.credentials.revoke(key);
  }

  createXapiLaunch(input: XapiLaunchInput): XapiLaunch {
    if (!agentKey(input.actor)) throw new Error('createXapiLaunch: actor needs an identifier (mbox or account)');
    const registration = input.registration ?? randomUUID();
    const credentials = this.credentials.create({name: 'xAPI launch'});
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
  }

  createCmi5Launch(input: Cmi5LaunchInput): Cmi5Launch {
    return this.cmi5.createLaunch(input);
  }

  queryStatements(q?: StatementQuery): StoredXapiStatement[] {
    return this.statements.query(q);
  }

  allStatements(): StoredXapiStatement[] {
    return this.statements.all();
  }

  getState(activityId: string, agent: Agent, stateId: string, registration?: string): unknown {
    return this.documents.getState(activityId, agent, stateId, registration);
  }

  cmi5Registration(registration: string): Readonly<Cmi5Registration> | undefined {
    return this.cmi5.registration(registration);
  }

  waiveCmi5(registration: string, reason: Parameters<Cmi5Lms['waive']>[1]): void {
    this.cmi5.waive(registration, reason);
  }

  cmi5Refusals(registration?: string): Cmi5Refusal[] {
    return this.cmi5.refused.filter((r) => !registration || r.registration === registration);
  }

  injectFault(f: Fault): void {
    this.faults.push({...f});
  }

  clearFaults(): void {
    this.faults = [];
    for (const g of [...this.gates]) g.release();
  }

  gate(match: GateMatch): Gate {
    let release!: () => void;
    let arrive!: () => void;
    const open = new Promise<void>((r) => (release = r));
    const arrived = new Promise<void>((r) => (arrive = r));
    const g: HeldGate = {match, left: match.times ?? 1, open, release: () => undefined, arrive};
    g.release = () => {
      g.left = 0;
      this.gates = this.gates.filter((x) => x !== g);
      release();
    };
    this.gates.push(g);
    return {arrived, release: g.release};
  }

  reset(): void {
    removeFiles(this.dataDir, ['statements.jsonl', 'state.json', 'agent-profile.json', 'cmi5.json']);
    this.load();
    this.faults = [];
    this.cmi5.refused.length = 0;
    this.emit('reset');
  }
}

/** The `agents` resource: the Person of an agent. */
function person(method: string, url: URL): Record<string, unknown> {
  if (method !== 'GET') throw new HttpError(405, 'agents takes GET');
  const a: Record<string, unknown> = {...agentParam(url)};
  const found: Record<string, unknown[]> = {name: [], mbox: [], mbox_sha1sum: [], openid: [], account: []};
  for (const k of Object.keys(found)) if (a[k] !== undefined) found[k]!.push(a[k]);
  return {objectType: 'Person', ...Object.fromEntries(Object.entries(found).filter(([, v]) => v.length))};
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
