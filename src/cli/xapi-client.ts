/**
 * xAPI-js (`@xapi/xapi`) for Node: `ict lrs check` and the test harnesses talk to an LRS through it. Its requests go
 * over `fetch` with an adapter that keeps the HTTP status and body of a refusal ({@link HttpFailure}), which the
 * library's own fetch adapter drops.
 */
import XAPI from '@xapi/xapi';

/** The request function xAPI-js accepts as its `adapter`. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- picks the function member of the library's union
type AdapterFunction = Extract<NonNullable<ConstructorParameters<typeof XAPI>[0]['adapter']>, Function>;

/** An LRS answer other than 2xx: its status and body. */
export class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ''}`);
  }
}

/** xAPI-js's requests over `fetch`; a refusal keeps its status. */
const adapter: AdapterFunction = async ({url, method, data, headers}) => {
  const body = headers?.['Content-Type'] === 'application/json' ? JSON.stringify(data) : (data as BodyInit | undefined);
  const response = await fetch(url, {method, body, headers});
  const text = await response.text();
  if (!response.ok) throw new HttpFailure(response.status, text);
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a document that is not JSON stays text
  }
  return {data: parsed as never, headers: Object.fromEntries(response.headers), status: response.status};
};

/**
 * A client of the LRS at `endpoint`. `auth`: `key:secret`, or a whole Authorization value (`Basic …`, as a cmi5
 * fetch URL's token gives).
 */
export function xapiClient(endpoint: string, auth?: string): XAPI {
  const base = endpoint.endsWith('/') ? endpoint : `${endpoint}/`;
  const authorization =
    auth === undefined || /^basic\s/i.test(auth)
      ? auth
      : XAPI.toBasicAuth(auth.slice(0, auth.indexOf(':')), auth.slice(auth.indexOf(':') + 1));
  return new XAPI({endpoint: base, auth: authorization, adapter});
}
