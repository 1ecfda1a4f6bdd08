// What the preview's HTTP handlers share: an error that carries its status, reading and parsing a request body,
// and writing a JSON or empty answer.
import type {IncomingMessage, ServerResponse} from 'node:http';

/** An error answered with its HTTP status and message (anything else is a 500). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The whole body of a request; a 413 HttpError beyond `limit` bytes (the rest of the upload is read and dropped, so
 * that the client gets the answer rather than a reset connection).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= limit) chunks.push(c);
    });
    req.on('end', () => {
      if (size <= limit) ok(Buffer.concat(chunks));
      else fail(new HttpError(413, `The request body is over ${limit} bytes.`));
    });
    req.on('error', fail);
  });
}

/** The body parsed as JSON, or a 400 HttpError naming `what` was expected. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an open JSON document, checked by the caller
export function parseJson(body: Buffer, what: string): any {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new HttpError(400, `${what}: the body is not valid JSON`);
  }
}

/** Bytes answered as they are, with their own content type (a JSON answer otherwise). */
export class RawBody {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string,
  ) {}
}

/** Answers `body` as JSON (or a {@link RawBody} as its bytes), with `headers`. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
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

/** Answers with a status and no body. */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}) {
  res.writeHead(status, headers);
  res.end();
}

/** Answers text of a type, never cached (the preview's pages and API change with every record). */
export function sendText(res: ServerResponse, status: number, body: string, type: string) {
  res.writeHead(status, {'Content-Type': type, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store'});
  res.end(body);
}

export function sendHtml(res: ServerResponse, status: number, html: string) {
  sendText(res, status, html, 'text/html; charset=utf-8');
}

/** Answers the preview's API: JSON indented for a person reading it, never cached. */
export function sendApiJson(res: ServerResponse, status: number, body: unknown) {
  sendText(res, status, JSON.stringify(body, null, 1), 'application/json; charset=utf-8');
}
