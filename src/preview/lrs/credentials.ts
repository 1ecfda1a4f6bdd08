// Credentials of the preview LRS: Basic auth keys, the authority recorded for what each sends, revocation (a cmi5
// session's credentials end with it).
import {randomBytes} from 'node:crypto';
import type {IncomingMessage} from 'node:http';
import {HttpError} from '../http.js';
import type {JsonFile} from './store.js';
import {basicAuth, type Agent, type Credentials} from './xapi.js';

export class CredentialStore {
  private creds: Record<string, Credentials> = {};

  constructor(private readonly file: JsonFile<Record<string, Credentials>>) {}

  load(): void {
    this.creds = this.file.load();
  }

  get(key: string): Credentials | undefined {
    return this.creds[key];
  }

  /** New Basic-auth credentials (for a cmi5 AU session, `session` is its id); persisted. */
  create(o: {name?: string; authority?: Agent; session?: string} = {}): Credentials {
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
    if (o.session) c.session = o.session;
    this.creds[key] = c;
    this.file.save(this.creds);
    return c;
  }

  revoke(key: string): void {
    const c = this.creds[key];
    if (!c) return;
    c.revoked = Date.now();
    this.file.save(this.creds);
  }

  authenticate(req: IncomingMessage): Credentials {
    const h = req.headers.authorization;
    const m = h && /^Basic\s+(.+)$/i.exec(h.trim());
    if (!m) throw new HttpError(401, 'Authorization: Basic credentials required');
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    const c = i > 0 ? this.creds[decoded.slice(0, i)] : undefined;
    if (!c || c.secret !== decoded.slice(i + 1)) throw new HttpError(401, 'unknown credentials');
    if (c.revoked) throw new HttpError(401, 'credentials revoked (the session has ended); launch again');
    return c;
  }
}
