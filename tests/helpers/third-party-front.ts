// The preview LMS in front of an LRS it did not write (scripts/third-party-lrs.mjs), as a cmi5 LMS in front of an
// external LRS works: the AU's Statement requests are answered by the third-party LRS; the documents (State, Agent
// Profile), the cmi5 fetch URL and the LMS's session rules stay with the preview LMS.
//
// A statement request of the AU first goes to the preview LMS (its cmi5 rules may refuse it, as an LMS does); what
// it stores (the AU's statements, then what the LMS says in answer: `satisfied`) is sent on to the third-party LRS
// in the order stored, and the AU gets the third-party LRS's own answer (status, headers, body). The LMS's own
// statements (`launched`, `abandoned`, `waived`) go the same way. Reads (GET) go to the third-party LRS alone.
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Lrs, Statement} from '../../src/preview/lrs/lrs.js';

export interface ThirdPartyLrs {
  origin: string;
  endpoint: string;
  log(): string;
  stop(): Promise<void>;
}

/** A request the third-party LRS answered with an error: what went, what came back. */
export interface Refusal {
  method: string;
  status: number;
  body: string;
  verbs: string[];
}

export interface StatementsFront {
  readonly lrs: ThirdPartyLrs;
  /** answers `/xapi/statements` (and the third-party LRS's own `/xAPI/statements` `more` links); false otherwise */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** resolves once every statement the preview LMS stored so far has been answered by the third-party LRS */
  settled(): Promise<void>;
  /** the third-party LRS's statements of a registration (all of them without one), oldest first, every page */
  statements(registration?: string): Promise<Statement[]>;
  /** every answer of the third-party LRS to a write that was not 2xx */
  readonly refusals: Refusal[];
  /** how many statements the third-party LRS accepted, per verb */
  readonly accepted: Map<string, number>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface Waiting {
  ids: Set<string>;
  queued: boolean;
  forward: () => Promise<Answer>;
  answered: Promise<Answer>;
  answer: (a: Answer) => void;
}

const MIRROR = 'x-ict-mirror';
const PASSED_HEADERS = ['authorization', 'content-type', 'x-experience-api-version', 'if-match', 'if-none-match'];
const verbOf = (s: Statement) =>
  String(s.verb?.id ?? '')
    .split('/')
    .at(-1) ?? '';

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function idsOf(body: Buffer, url: URL): string[] {
  const fromQuery = url.searchParams.get('statementId');
  if (fromQuery) return [fromQuery.toLowerCase()];
  try {
    const parsed = JSON.parse(body.toString('utf8')) as unknown;
    const list = Array.isArray(parsed) ? parsed : [parsed];
    return list.map((s) => String((s as {id?: string})?.id ?? '').toLowerCase()).filter(Boolean);
  } catch {
    return [];
  }
}

/** What the LMS made, as it would send it to an LRS: without the properties the LRS sets. */
function asSent(s: Statement): Record<string, unknown> {
  const {stored: _stored, authority: _authority, version: _version, ...rest} = s as Statement & Record<string, unknown>;
  return rest;
}

/**
 * The front for `lrs` (the preview LMS's LRS, answering under `/xapi/` at `selfOrigin()`) and `third` (a running
 * third-party LRS).
 */
export function statementsFront(lrs: Lrs, third: ThirdPartyLrs, selfOrigin: () => string): StatementsFront {
  const refusals: Refusal[] = [];
  const accepted = new Map<string, number>();
  const waiting: Waiting[] = [];
  let chain: Promise<unknown> = Promise.resolve();
  const lmsAuth = `Basic ${Buffer.from('lms:lms').toString('base64')}`;

  async function send(method: string, path: string, headers: Record<string, string>, body?: Buffer): Promise<Answer> {
    const res = await fetch(`${third.origin}${path}`, {
      method,
      headers,
      body: body?.length ? new Uint8Array(body) : undefined,
    });
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (!['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding'].includes(k))
        out[k] = v;
    });
    return {status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer())};
  }

  function count(statements: Statement[], a: Answer, method: string) {
    if (a.status >= 200 && a.status < 300) {
      for (const s of statements) accepted.set(verbOf(s), (accepted.get(verbOf(s)) ?? 0) + 1);
    } else {
      refusals.push({method, status: a.status, body: a.body.toString('utf8'), verbs: statements.map(verbOf)});
    }
  }

  function enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = chain.then(job, job);
    chain = run.catch(() => undefined);
    return run;
  }

  // every batch the preview LMS stores, in the order stored
  lrs.on('statements', (batch: Statement[]) => {
    const ids = batch.map((s) => String(s.id).toLowerCase());
    const w = waiting.find((x) => !x.queued && ids.every((id) => x.ids.has(id)));
    if (w) {
      w.queued = true;
      void enqueue(w.forward).then(w.answer, (e: unknown) =>
        w.answer({status: 502, headers: {}, body: Buffer.from(String(e))}),
      );
      return;
    }
    // the LMS's own statements
    void enqueue(async () => {
      const body = Buffer.from(JSON.stringify(batch.map(asSent)));
      const a = await send(
        'POST',
        '/xAPI/statements',
        {'content-type': 'application/json', 'x-experience-api-version': '1.0.3', authorization: lmsAuth},
        body,
      );
      count(batch, a, 'POST');
    });
  });

  async function write(req: IncomingMessage, res: ServerResponse, url: URL, method: string) {
    const body = await readAll(req);
    const headers: Record<string, string> = {};
    for (const h of PASSED_HEADERS) if (req.headers[h]) headers[h] = String(req.headers[h]);
    let answer!: (a: Answer) => void;
    const answered = new Promise<Answer>((r) => (answer = r));
    let sent: Statement[] = [];
    try {
      const parsed = JSON.parse(body.toString('utf8')) as Statement | Statement[];
      sent = Array.isArray(parsed) ? parsed : [parsed];
    } catch {
      // the preview LMS refuses it below, with its reason
    }
    const w: Waiting = {
      ids: new Set(idsOf(body, url)),
      queued: false,
      answered,
      answer,
      forward: async () => {
        const a = await send(method, `/xAPI/statements${url.search}`, headers, body);
        count(sent, a, method);
        return a;
      },
    };
    waiting.push(w);
    try {
      // the preview LMS first: its cmi5 rules, and its records for the LMS (satisfied, the registration)
      const mine = await fetch(`${selfOrigin()}/xapi/statements${url.search}`, {
        method,
        headers: {...headers, [MIRROR]: '1'},
        body: new Uint8Array(body),
      });
      const mineBody = Buffer.from(await mine.arrayBuffer());
      if (!mine.ok) {
        res.writeHead(mine.status, {'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3'});
        res.end(mineBody);
        return;
      }
      // nothing new for the preview LMS (the same statements sent again): still the third-party LRS's to answer
      if (!w.queued) {
        w.queued = true;
        void enqueue(w.forward).then(answer, (e: unknown) =>
          answer({status: 502, headers: {}, body: Buffer.from(String(e))}),
        );
      }
      const a = await answered;
      res.writeHead(a.status, a.headers);
      res.end(a.body);
    } finally {
      waiting.splice(waiting.indexOf(w), 1);
    }
  }

  return {
    lrs: third,
    refusals,
    accepted,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://front.invalid');
      const path = url.pathname.replace(/\/$/, '');
      if (path !== '/xapi/statements' && path !== '/xAPI/statements') return false;
      if (req.headers[MIRROR]) return false;
      const method = (req.method ?? 'GET').toUpperCase();
      if (method === 'OPTIONS') return false; // the preview LMS answers the CORS preflight
      if (method === 'PUT' || method === 'POST') {
        await write(req, res, url, method);
        return true;
      }
      const headers: Record<string, string> = {};
      for (const h of [...PASSED_HEADERS, 'origin']) if (req.headers[h]) headers[h] = String(req.headers[h]);
      const a = await send(method, `/xAPI/statements${url.search}`, headers);
      res.writeHead(a.status, a.headers);
      res.end(a.body);
      return true;
    },
    async settled() {
      for (;;) {
        const c = chain;
        await c;
        if (c === chain) return;
      }
    },
    async statements(registration) {
      const out: Statement[] = [];
      const q = new URLSearchParams({ascending: 'true', limit: '100'});
      if (registration) q.set('registration', registration);
      let next: string | undefined = `/xAPI/statements?${q}`;
      while (next) {
        const a = await send('GET', next, {'x-experience-api-version': '1.0.3', authorization: lmsAuth});
        if (a.status !== 200) throw new Error(`GET ${next}: ${a.status} ${a.body.toString('utf8')}`);
        const page = JSON.parse(a.body.toString('utf8')) as {statements: Statement[]; more?: string};
        out.push(...page.statements);
        next = page.more || undefined;
      }
      return out;
    },
  };
}
