/**
 * A small xAPI 1.0.3 client on `fetch`: what the course needs of an LRS and nothing else. `fetch` (not
 * XMLHttpRequest) so that what is pending can go out with `keepalive` while the page is being dismissed.
 *
 * Why not xAPI-js's client here (it types our statements, and `ict lrs check` uses it in Node): bundled for the
 * browser with its fetch adapter, `@xapi/xapi` 3.0.3 still carries axios and costs 18,309 bytes gzip, against 873
 * for this file (1,042 in the cmi5 player); it would take the xAPI player from 28.4 KB to about 45.8 KB, over the
 * 40 KB budget. Its fetch adapter also sends no `keepalive` and reports a refusal without its HTTP status, which the
 * outbox needs to tell a retry (503) from a rejection (400).
 */
import type {Statement} from '@xapi/xapi';

export const XAPI_VERSION = '1.0.3';

/** Where and as whom to talk to the LRS. */
export interface LrsConnection {
  /** the xAPI base endpoint, ending in `/` */
  endpoint: string;
  /** the whole Authorization header value, e.g. `Basic abc=` */
  auth: string;
}

/** An LRS request that did not succeed: `status` 0 is a network failure (offline, DNS, CORS, reset). */
export class LrsError extends Error {
  override name = 'LrsError';
  constructor(
    readonly status: number,
    message: string,
    readonly body = '',
  ) {
    super(message);
  }
  get network(): boolean {
    return this.status === 0;
  }
  /** worth trying again later: network failures, 5xx, 408 and 429 */
  get retriable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 408 || this.status === 429;
  }
}

export interface RequestOptions {
  params?: Record<string, string | undefined>;
  body?: string;
  contentType?: string;
  keepalive?: boolean;
  headers?: Record<string, string>;
  /** statuses that are not errors here (e.g. 404 for a document that does not exist yet) */
  accept?: number[];
}

/** The URL of an xAPI resource (`statements`, `activities/state`, ...) with its query parameters. */
export function resourceUrl(
  conn: LrsConnection,
  resource: string,
  params: Record<string, string | undefined> = {},
): string {
  const url = new URL(resource, conn.endpoint);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}

/** GETs the page's first script started before the player had loaded, by credentials and URL (each taken once). */
const early = new Map<string, Promise<Response>>();

function send(conn: LrsConnection, method: string, url: string, opts: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = {
    Authorization: conn.auth,
    'X-Experience-API-Version': XAPI_VERSION,
    ...opts.headers,
  };
  if (opts.body !== undefined) headers['Content-Type'] = opts.contentType ?? 'application/json';
  return fetch(url, {
    method,
    headers,
    body: opts.body,
    keepalive: opts.keepalive,
    cache: 'no-store',
    credentials: 'omit',
  });
}

/**
 * Starts a GET that the launch will make, before the player has loaded: {@link lrsRequest} takes its response
 * (once) instead of asking again. Only for reads the launch is sure to make, with the same parameters in the same
 * order.
 */
export function earlyGet(conn: LrsConnection, resource: string, params: Record<string, string | undefined>): void {
  const url = resourceUrl(conn, resource, params);
  const response = send(conn, 'GET', url, {});
  response.catch(() => undefined); // lrsRequest reports it when it takes it
  early.set(`${conn.auth} ${url}`, response);
}

/** One request to the LRS. Resolves with the Response when it is 2xx (or in `accept`), else throws {@link LrsError}. */
export async function lrsRequest(
  conn: LrsConnection,
  method: string,
  resource: string,
  opts: RequestOptions = {},
): Promise<Response> {
  const url = resourceUrl(conn, resource, opts.params);
  const key = `${conn.auth} ${url}`;
  const started = method === 'GET' ? early.get(key) : undefined;
  early.delete(key);
  let res: Response;
  try {
    res = await (started ?? send(conn, method, url, opts));
  } catch (e) {
    throw new LrsError(
      0,
      `${method} ${resource}: no connection to the LRS (${e instanceof Error ? e.message : String(e)})`,
    );
  }
  if (res.ok || opts.accept?.includes(res.status)) return res;
  let body = '';
  try {
    body = await res.text();
  } catch {
    // the body is only for the message
  }
  throw new LrsError(
    res.status,
    `${method} ${resource}: the LRS answered ${res.status}${body ? `: ${body.slice(0, 300)}` : ''}`,
    body,
  );
}

/** A JSON document (State or Agent Profile API), or undefined where there is none (404). */
export async function getJsonDocument<T = unknown>(
  conn: LrsConnection,
  resource: 'activities/state' | 'agents/profile',
  params: Record<string, string | undefined>,
  accept: number[] = [404],
): Promise<T | undefined> {
  const res = await lrsRequest(conn, 'GET', resource, {params, accept});
  if (!res.ok) return undefined;
  const text = await res.text();
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LrsError(res.status, `GET ${resource}: the document is not JSON`, text);
  }
}

/** Statements matching a query, following `more` up to `maxPages` pages. */
export async function queryStatements(
  conn: LrsConnection,
  params: Record<string, string | undefined>,
  maxPages = 10,
): Promise<Statement[]> {
  const out: Statement[] = [];
  let res = await lrsRequest(conn, 'GET', 'statements', {params});
  for (let page = 0; page < maxPages; page++) {
    const body = (await res.json()) as {statements?: Statement[]; more?: string};
    out.push(...(body.statements ?? []));
    if (!body.more) break;
    // `more` is relative to the LRS's server root
    const next = new URL(body.more, conn.endpoint);
    res = await lrsRequest({...conn, endpoint: next.origin + '/'}, 'GET', next.pathname.slice(1) + next.search);
  }
  return out;
}
