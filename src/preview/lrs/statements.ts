// The Statement resource of the preview LRS: storing (ids, comparison, voiding, atomic batches), querying with
// `more` pages, and its HTTP answers.
import {randomUUID} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import {HttpError, parseJson} from '../http.js';
import type {JsonLinesFile, StoredStatement} from './store.js';
import {
  VOIDED,
  agentKey,
  agentParam,
  comparable,
  objectId,
  param,
  registrationParam,
  statementProblems,
  type Agent,
  type Credentials,
  type Statement,
  type StatementQuery,
  type StoredXapiStatement,
} from './xapi.js';

/** An answer: a status, a payload (JSON, a RawBody, or none) and headers. */
export type Respond = (status: number, payload?: unknown, headers?: Record<string, string>) => void;

/** What the LMS side adds to storing statements (cmi5), and who hears of them. */
export interface StatementHooks {
  /** refuses a batch of an AU session (throws an HttpError) before anything of it is stored */
  check(c: Credentials, fresh: StoredStatement[]): void;
  /** the statements the LMS makes in answer to one stored (cmi5 `satisfied`) */
  after(s: StoredXapiStatement, c: Credentials | null): Statement[];
  /** a batch was stored */
  stored(statements: StoredXapiStatement[]): void;
}

export class StatementStore {
  private statements: StoredStatement[] = [];
  private byId = new Map<string, StoredStatement>();

  constructor(
    private readonly file: JsonLinesFile<StoredStatement>,
    private readonly basePath: string,
    private readonly pageSize: number,
    private readonly hooks: StatementHooks,
  ) {}

  /** Reads the stored statements (voiding is replayed from the statements themselves). */
  load(): void {
    this.statements = this.file.load();
    this.byId = new Map(this.statements.map((s) => [s.statement.id, s]));
    for (const s of this.statements) if (s.statement.verb?.id === VOIDED) this.markVoided(s.statement);
  }

  /** Every stored statement in the order stored (oldest first), voided included. */
  all(): StoredXapiStatement[] {
    return this.statements.map((s) => s.statement);
  }

  /** The definition of an activity, from the latest statement that gives one. */
  activityDefinition(id: string): unknown {
    const definitionOf = (s: Statement) => (s.object && 'definition' in s.object ? s.object.definition : undefined);
    const found = this.statements.findLast((s) => objectId(s.statement) === id && definitionOf(s.statement));
    return found && definitionOf(found.statement);
  }

  private markVoided(s: Statement) {
    const target = s.object?.objectType === 'StatementRef' ? this.byId.get(s.object.id) : undefined;
    if (target && target.statement.verb?.id !== VOIDED) target.voided = true;
  }

  /** Stores a batch atomically: all new or identical, else 409 and nothing stored. Returns the ids in order. */
  store(raws: unknown[], c: Credentials | null): string[] {
    const now = new Date().toISOString();
    const authority = c?.authority ?? {
      objectType: 'Agent',
      account: {homePage: 'urn:ict-manager-training:preview', name: 'lms'},
    };
    const prepared = raws.map((r) => prepare(r, authority, now));
    const seen = new Map<string, string>();
    const fresh: StoredStatement[] = [];
    for (const p of prepared) {
      const prior = this.byId.get(p.s.id) ?? (seen.has(p.s.id) ? {canonical: seen.get(p.s.id)!} : undefined);
      if (prior) {
        if (prior.canonical !== p.canonical)
          throw new HttpError(409, `statement ${p.s.id} exists with different content`);
        continue;
      }
      seen.set(p.s.id, p.canonical);
      if (p.s.verb.id === VOIDED) {
        if (c?.session) throw new HttpError(403, 'a cmi5 AU may not void statements (cmi5 6.3)');
        const target = this.byId.get(objectId(p.s) ?? '');
        if (p.s.object?.objectType !== 'StatementRef')
          throw new HttpError(400, 'a voiding statement needs a StatementRef object');
        if (target?.statement.verb?.id === VOIDED) throw new HttpError(400, 'a voiding statement cannot be voided');
      }
      fresh.push({statement: p.s, canonical: p.canonical, storedMs: Date.parse(now)});
    }
    if (fresh.length && c?.session) this.hooks.check(c, fresh);
    if (fresh.length) {
      this.file.append(fresh);
      for (const f of fresh) {
        this.statements.push(f);
        this.byId.set(f.statement.id, f);
        if (f.statement.verb.id === VOIDED) this.markVoided(f.statement);
      }
      // what the LMS says in answer (cmi5 `satisfied`) is stored and announced after the batch that caused it
      const answers = fresh.flatMap((f) => this.hooks.after(f.statement, c));
      this.hooks.stored(fresh.map((f) => f.statement));
      if (answers.length) this.store(answers, null);
    }
    return prepared.map((p) => p.s.id);
  }

  query(q: StatementQuery = {}, snapshot = this.statements.length): StoredXapiStatement[] {
    if (q.statementId || q.voidedStatementId) {
      const s = this.byId.get(String(q.statementId ?? q.voidedStatementId).toLowerCase());
      if (!s) return [];
      if (q.statementId && s.voided) return [];
      if (q.voidedStatementId && !s.voided) return [];
      return [s.statement];
    }
    const agent = q.agent ? agentKey(q.agent) : null;
    const since = q.since ? Date.parse(q.since) : undefined;
    const until = q.until ? Date.parse(q.until) : undefined;
    const out: StoredXapiStatement[] = [];
    for (let i = 0; i < snapshot; i++) {
      const st = this.statements[i]!;
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
        const acts = [s.object?.objectType === 'Activity' || !s.object?.objectType ? objectId(s) : undefined];
        if (q.related_activities) {
          const ca = s.context?.contextActivities ?? {};
          for (const k of ['parent', 'grouping', 'category', 'other'] as const)
            for (const a of [ca[k]].flat()) if (a?.id) acts.push(a.id);
        }
        if (!acts.includes(q.activity)) continue;
      }
      out.push(s);
    }
    if (!q.ascending) out.reverse();
    return out;
  }

  handle(method: string, url: URL, req: IncomingMessage, body: Buffer, c: Credentials, respond: Respond) {
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
        const found = this.query({statementId: sid ?? undefined, voidedStatementId: vid ?? undefined});
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
      const limit = limitRaw === null || limitRaw === '0' ? this.pageSize : Math.min(this.pageSize, Number(limitRaw));
      if (!Number.isInteger(limit) || limit < 0)
        throw new HttpError(400, 'the limit parameter is not a non-negative integer');
      const cursor = url.searchParams.get('cursor');
      let snapshot = this.statements.length;
      let offset = 0;
      if (cursor) {
        const m = /^(\d+)\.(\d+)$/.exec(cursor);
        if (!m) throw new HttpError(400, 'bad cursor');
        snapshot = Math.min(Number(m[1]), this.statements.length);
        offset = Number(m[2]);
      }
      const all = this.query(q, snapshot);
      const page = all.slice(offset, offset + limit);
      let more = '';
      if (offset + limit < all.length) {
        const next = new URLSearchParams(url.searchParams);
        next.set('cursor', `${snapshot}.${offset + limit}`);
        more = `${this.basePath}statements?${next.toString()}`;
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
      this.store([{...s, id}], c);
      respond(204, undefined, consistent);
      return;
    }
    if (method === 'POST') {
      if (/^multipart\//i.test(req.headers['content-type'] ?? ''))
        throw new HttpError(400, 'attachments (multipart/mixed) are not supported by this LRS');
      const parsed = parseJson(body, 'statements');
      const list = Array.isArray(parsed) ? parsed : [parsed];
      if (!list.length) throw new HttpError(400, 'an empty array of statements');
      const ids = this.store(list, c);
      respond(200, ids, consistent);
      return;
    }
    throw new HttpError(405, `statements does not take ${method}`);
  }
}

/** A valid statement with its id (lower case), timestamp, stored, authority and version; else a 400. */
function prepare(raw: unknown, authority: Agent, now: string): {s: StoredXapiStatement; canonical: string} {
  const problems = statementProblems(raw);
  const given = raw as Statement;
  if (problems.length)
    throw new HttpError(400, `invalid statement${given?.id ? ` ${given.id}` : ''}: ${problems.join('; ')}`);
  const id = String(given.id ?? randomUUID()).toLowerCase();
  const canonical = comparable({...given, id});
  const s: StoredXapiStatement = {
    ...given,
    id,
    timestamp: given.timestamp ?? now,
    stored: now,
    authority,
    version: given.version ?? '1.0.0',
  };
  return {s, canonical};
}
