// The document resources of the preview LRS: the State API (`activities/state`) and agent profiles
// (`agents/profile`), with ETags, If-Match / If-None-Match, JSON merge on POST, and raw documents kept as sent.
import type {IncomingMessage} from 'node:http';
import {HttpError, RawBody, parseJson} from '../http.js';
import type {JsonFile, StoredDocument} from './store.js';
import {
  agentKey,
  agentParam,
  etagOf,
  isJsonType,
  isPlainObject,
  param,
  registrationParam,
  type Agent,
  type Credentials,
} from './xapi.js';
import type {Respond} from './statements.js';

type Documents = Record<string, StoredDocument>;

/** The key of a state document. */
export function stateKey(activityId: string, agent: Agent, stateId: string, registration?: string): string {
  return JSON.stringify([activityId, agentKey(agent), registration ?? '', stateId]);
}

function putDocument(coll: Documents, key: string, body: Buffer, contentType: string) {
  coll[key] = {contentType, body: body.toString('base64'), etag: etagOf(body), updated: new Date().toISOString()};
}

export class DocumentStore {
  private state: Documents = {};
  private profiles: Documents = {};

  constructor(
    private readonly stateFile: JsonFile<Documents>,
    private readonly profileFile: JsonFile<Documents>,
  ) {}

  load(): void {
    this.state = this.stateFile.load();
    this.profiles = this.profileFile.load();
  }

  /** Writes a state document (the LMS's own, as `LMS.LaunchData`). */
  putState(activityId: string, agent: Agent, stateId: string, registration: string, value: unknown): void {
    putDocument(
      this.state,
      stateKey(activityId, agent, stateId, registration),
      Buffer.from(JSON.stringify(value)),
      'application/json',
    );
    this.stateFile.save(this.state);
  }

  /** A state document, parsed as JSON where it is JSON. */
  getState(activityId: string, agent: Agent, stateId: string, registration?: string): unknown {
    const d = this.state[stateKey(activityId, agent, stateId, registration)];
    if (!d) return undefined;
    const text = Buffer.from(d.body, 'base64').toString('utf8');
    return isJsonType(d.contentType) ? JSON.parse(text) : text;
  }

  handle(
    kind: 'state' | 'profile',
    method: string,
    url: URL,
    req: IncomingMessage,
    body: Buffer,
    respond: Respond,
    c: Credentials,
  ) {
    const coll = kind === 'state' ? this.state : this.profiles;
    const save = () => (kind === 'state' ? this.stateFile.save(this.state) : this.profileFile.save(this.profiles));
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
        else
          respond(200, new RawBody(bytes, existing.contentType), {
            ETag: existing.etag,
            'Last-Modified': new Date(existing.updated).toUTCString(),
          });
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
}
