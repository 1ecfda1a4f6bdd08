/**
 * A test LMS that launches an AU by AICC HACP, written from AICC CMI001 ("CMI Guidelines for Interoperability",
 * 4.0: §6.4 the HACP binding, appendix A the data model), not from the course's own client: the player's HACP code
 * is under test, so nothing of it is used here.
 *
 * CMI001 as this server applies it:
 * - The AU POSTs `application/x-www-form-urlencoded` to the `aicc_url` it was launched with; the fields are
 *   `command`, `version`, `session_id` and `aicc_data` (names in any case).
 * - Commands in any case: `GetParam` (the AU's data), `PutParam` (data from the AU), `ExitAU` (the session ends;
 *   a later request of the session gets error 3).
 * - Every answer: `error=<n>` (0 successful, 1 invalid command, 3 invalid session id), `error_text=`, then for
 *   GetParam `aicc_data=` and the groups `[Core]` (Student_ID, Student_Name, Lesson_Location, Credit,
 *   Lesson_Status with the entry flag `ab-initio` or `resume`, Score, Time, Lesson_Mode), `[Core_Lesson]` (the
 *   free text the AU left), `[Core_Vendor]`, `[Student_Data]` (Mastery_Score 0..100).
 * - PutParam data: `[Core]` keywords in any case with blanks allowed around `=`; Lesson_Status a word or its first
 *   letter, an exit flag after a comma (`s`/`suspend`, `l`/`logout`, `t`/`time-out`); Score `raw[,max[,min]]`;
 *   Time the session's `HH:MM:SS`; `[Core_Lesson]` every line up to the next group.
 *
 * The server serves the package too (another origin than the HACP address, as for content an LMS launches from
 * elsewhere), and answers HACP with `Access-Control-Allow-Origin: *`: a form POST is a simple request, so the AU
 * reads the answer without a preflight. `faults` replaces the next answers to show what a course does with them.
 */
import {createServer, type IncomingMessage, type Server} from 'node:http';
import {contentType} from './packages.js';
import {listenLocal} from './http.js';

export interface HacpSession {
  id: string;
  student: {id: string; name: string};
  mode: 'normal' | 'browse' | 'review';
  credit: 'credit' | 'no-credit';
  masteryScore: string;
  /** what the LMS holds of the AU, as it will give it at the next GetParam */
  lessonLocation: string;
  lessonStatus: string;
  exit: string;
  score: string;
  /** the sessions' times added up, seconds */
  totalSeconds: number;
  coreLesson: string;
  /** the last session time the AU reported in this session, seconds */
  sessionSeconds: number;
  ended: boolean;
  entry: 'ab-initio' | 'resume' | '';
}

export interface HacpRequest {
  command: string;
  sessionId: string;
  aiccData: string;
  /** the answer's error number (undefined where a fault answered something else) */
  error?: number;
  fault?: string;
}

/** A replacement for the next answer: a body as given, an HTTP status, or the network failing. */
export type HacpFault =
  | {kind: 'status'; status: number; body?: string}
  /** `store`: a PutParam's data is stored before this answer goes (an odd answer to a request that worked) */
  | {kind: 'body'; body: string; store?: boolean}
  | {kind: 'drop'};

/** What an LMS does differently with HACP (tests/helpers/lms-profiles.ts): set on the server for a test. */
export interface HacpQuirks {
  /** every Nth PutParam is answered error=0 and not stored */
  putLostEvery?: number;
  /** these characters are removed from `[Core_Lesson]` when it is stored */
  stripFromCoreLesson?: string;
  /** a request sent as the page is left (a beacon: `Sec-Fetch-Mode: no-cors`) is answered and not processed */
  beaconIgnored?: boolean;
}

export interface HacpServer {
  /** where the package is served: `<contentOrigin>/pkg/index.html` */
  contentOrigin: string;
  /** the HACP address (`aicc_url`) */
  hacpUrl: string;
  /** every request, oldest first */
  requests: HacpRequest[];
  /** answers to give instead of the real ones, for the next requests of these commands (lower case), in order */
  faults: Map<string, HacpFault[]>;
  /** the LMS's behaviours (none by default); PutParams lost so far in `lost` */
  quirks: HacpQuirks;
  lost: number;
  sessions: Map<string, HacpSession>;
  /** a new session of a learner; what an earlier session left is carried over (the LMS's record of the AU) */
  open(from?: HacpSession, overrides?: Partial<HacpSession>): HacpSession;
  /** the launch URL of the package for a session, as an LMS writes it (`aicc_url` encoded) */
  launchUrl(session: HacpSession, names?: {sid: string; url: string}): string;
  close(): Promise<void>;
}

const STATUS: Record<string, string> = {
  p: 'passed',
  c: 'completed',
  f: 'failed',
  i: 'incomplete',
  b: 'browsed',
  n: 'not attempted',
};

function seconds(hms: string): number {
  const m = /^(\d{2,4}):(\d{2}):(\d{2})(\.\d+)?$/.exec(hms.trim());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : 0;
}

function hms(total: number): string {
  const s = Math.round(total);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** PutParam's aicc_data into `[group] -> lines`, group names lower case. */
function groups(data: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of data.split(/\r?\n/)) {
    const h = /^\s*\[(.+)\]\s*$/.exec(line);
    if (h) {
      current = [];
      out.set(h[1]!.trim().toLowerCase(), current);
    } else if (current) current.push(line);
  }
  return out;
}

function keywords(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of lines) {
    const i = line.indexOf('=');
    if (i > 0) out.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return out;
}

function applyPutParam(s: HacpSession, data: string): void {
  const g = groups(data);
  const core = keywords(g.get('core') ?? []);
  if (core.has('lesson_location')) s.lessonLocation = core.get('lesson_location')!;
  if (core.has('lesson_status')) {
    const [status = '', flag = ''] = core
      .get('lesson_status')!
      .split(',')
      .map((x) => x.trim().toLowerCase());
    const word = STATUS[status[0] ?? ''] ?? '';
    if (word && (status === word || status.length === 1)) s.lessonStatus = word;
    s.exit =
      {s: 'suspend', suspend: 'suspend', l: 'logout', logout: 'logout', t: 'time-out', 'time-out': 'time-out'}[flag] ??
      '';
  }
  if (core.has('score')) s.score = core.get('score')!;
  if (core.has('time')) s.sessionSeconds = seconds(core.get('time')!);
  if (g.has('core_lesson')) s.coreLesson = g.get('core_lesson')!.join('\n').trim();
}

function getParam(s: HacpSession): string {
  const entry = s.entry ? `, ${s.entry}` : '';
  return [
    'error=0',
    'error_text=Successful',
    'version=4.0',
    'aicc_data=',
    '[Core]',
    `Student_ID=${s.student.id}`,
    `Student_Name=${s.student.name}`,
    `Lesson_Location=${s.lessonLocation}`,
    `Credit=${s.credit}`,
    `Lesson_Status=${s.lessonStatus}${entry}`,
    `Score=${s.score}`,
    `Time=${hms(s.totalSeconds)}`,
    `Lesson_Mode=${s.mode}`,
    '[Core_Lesson]',
    s.coreLesson,
    '[Core_Vendor]',
    '',
    '[Student_Data]',
    `Mastery_Score=${s.masteryScore}`,
    '',
  ].join('\r\n');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startHacpServer(packageFiles: () => Map<string, Uint8Array>): Promise<HacpServer> {
  const requests: HacpRequest[] = [];
  const faults = new Map<string, HacpFault[]>();
  const sessions = new Map<string, HacpSession>();
  let next = 1;
  let puts = 0;

  const content: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const name = path.replace(/^\/pkg\//, '');
    const data = path.startsWith('/pkg/') ? packageFiles().get(name) : undefined;
    if (!data) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, {'Content-Type': contentType(name), 'Cache-Control': 'no-store'});
    res.end(data);
  });

  const hacp: Server = createServer((req, res) => {
    void (async () => {
      const cors = {'Access-Control-Allow-Origin': '*'};
      if (req.method === 'OPTIONS') {
        // a form POST needs no preflight; one would mean the AU sent something HACP does not
        res.writeHead(405, cors).end();
        return;
      }
      const form = new URLSearchParams(await readBody(req));
      const field = (n: string) => [...form].find(([k]) => k.toLowerCase() === n)?.[1] ?? '';
      const command = field('command').toLowerCase();
      const r: HacpRequest = {command, sessionId: field('session_id'), aiccData: field('aicc_data')};
      requests.push(r);
      const fault = faults.get(command)?.shift();
      if (fault) {
        r.fault = fault.kind;
        if (fault.kind === 'drop') {
          req.socket.destroy();
          return;
        }
        const live = sessions.get(r.sessionId);
        if (fault.kind === 'body' && fault.store && live && command === 'putparam') applyPutParam(live, r.aiccData);
        res.writeHead(fault.kind === 'status' ? fault.status : 200, {...cors, 'Content-Type': 'text/plain'});
        res.end(fault.body ?? '');
        return;
      }
      const reply = (error: number, text: string, body = '') => {
        r.error = error;
        res.writeHead(200, {...cors, 'Content-Type': 'text/plain'});
        res.end(body || `error=${error}\r\nerror_text=${text}\r\n`);
      };
      const s = sessions.get(r.sessionId);
      if (!s || s.ended) return reply(3, 'Invalid Session ID');
      if (command === 'getparam') return reply(0, 'Successful', getParam(s));
      const beacon = req.headers['sec-fetch-mode'] === 'no-cors';
      if (server.quirks.beaconIgnored && beacon) {
        server.lost++;
        return reply(0, 'Successful');
      }
      if (command === 'putparam') {
        puts++;
        const q = server.quirks;
        if (q.putLostEvery && puts % q.putLostEvery === 0) server.lost++;
        else {
          applyPutParam(s, r.aiccData);
          if (q.stripFromCoreLesson)
            s.coreLesson = s.coreLesson.replace(
              new RegExp(`[${q.stripFromCoreLesson.replace(/[\]\\^-]/g, '\\$&')}]`, 'g'),
              '',
            );
        }
        return reply(0, 'Successful');
      }
      if (command === 'exitau') {
        s.ended = true;
        return reply(0, 'Successful');
      }
      return reply(1, 'Invalid Command');
    })();
  });

  const contentOrigin = await listenLocal(content);
  const hacpOrigin = await listenLocal(hacp);
  const hacpUrl = `${hacpOrigin}/aicc/hacp.cgi`;
  const server: HacpServer = {
    contentOrigin,
    hacpUrl,
    requests,
    faults,
    quirks: {},
    lost: 0,
    sessions,
    open(from, overrides = {}) {
      const id = `SID${next++}`;
      const s: HacpSession = from
        ? {
            ...from,
            id,
            totalSeconds: from.totalSeconds + from.sessionSeconds,
            sessionSeconds: 0,
            ended: false,
            entry: from.exit === 'suspend' ? 'resume' : '',
          }
        : {
            id,
            student: {id: 'u-1001', name: 'Otieno, Grace'},
            mode: 'normal',
            credit: 'credit',
            masteryScore: '',
            lessonLocation: '',
            lessonStatus: 'not attempted',
            exit: '',
            score: '',
            totalSeconds: 0,
            coreLesson: '',
            sessionSeconds: 0,
            ended: false,
            entry: 'ab-initio',
          };
      Object.assign(s, overrides);
      sessions.set(id, s);
      return s;
    },
    launchUrl(s, names = {sid: 'aicc_sid', url: 'aicc_url'}) {
      return `${contentOrigin}/pkg/index.html?${names.sid}=${encodeURIComponent(s.id)}&${names.url}=${encodeURIComponent(hacpUrl)}`;
    },
    async close() {
      for (const srv of [content, hacp]) {
        srv.closeAllConnections();
        await new Promise<void>((resolve) => srv.close(() => resolve()));
      }
    },
  };
  return server;
}
