// An xAPI LRS this project did not write, for the end-to-end tests: Learning Locker's statements service
// (`xapi-statements` on the npm registry, GPL-3.0, run as a separate process and never shipped). It is the only
// open-source LRS that installs from the npm registry and runs on Node without a database: its models and storage
// have in-memory backends, and it validates every statement with Learning Locker's xAPI rules. It serves the
// Statement resource only; the documents (State, Agent Profile) and the cmi5 LMS stay with the preview LMS in front
// of it, as a cmi5 LMS in front of an external LRS works.
//
// `ensureThirdPartyLrs()` installs it into tests/third-party-lrs/node_modules from that folder's lock file (`npm
// ci`, no install scripts) when it is missing or the lock file changed; `npm test` calls it before its stages.
// `startThirdPartyLrs()` runs it on 127.0.0.1 at a free port and resolves once it says it is listening.
import {createHash} from 'node:crypto';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {fork, spawn} from 'node:child_process';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const THIRD_PARTY_LRS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'tests', 'third-party-lrs');
const SERVER = join(THIRD_PARTY_LRS_DIR, 'node_modules', 'xapi-statements', 'dist', 'index.js');
const STAMP = join(THIRD_PARTY_LRS_DIR, 'node_modules', '.ict-lock-sha256');

function lockHash() {
  return createHash('sha256')
    .update(readFileSync(join(THIRD_PARTY_LRS_DIR, 'package-lock.json')))
    .digest('hex');
}

/** True when the installed copy matches the lock file. */
export function thirdPartyLrsInstalled() {
  return existsSync(SERVER) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === lockHash();
}

let installing = null;

/** Installs the LRS from its lock file unless the installed copy matches it; rejects with what to do. */
export function ensureThirdPartyLrs() {
  if (thirdPartyLrsInstalled()) return Promise.resolve();
  installing ??= new Promise((resolve, reject) => {
    const args = ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', '--engine-strict=false'];
    const child = spawn('npm', args, {cwd: THIRD_PARTY_LRS_DIR, stdio: ['ignore', 'pipe', 'pipe']});
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0 && existsSync(SERVER)) {
        writeFileSync(STAMP, lockHash());
        resolve();
      } else {
        reject(
          new Error(
            `Could not install the third-party LRS (xapi-statements) from the npm registry (npm ci exit ${code}) in ` +
              `${THIRD_PARTY_LRS_DIR}. The xAPI and cmi5 end-to-end tests need it; check that the npm registry ` +
              `can be reached and run \`npm ci --ignore-scripts\` in that folder.\n${Buffer.concat(out).toString()}`,
          ),
        );
      }
    });
  }).finally(() => (installing = null));
  return installing;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const {port} = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the LRS (installing it first when needed) with in-memory models and storage and a test authority that
 * accepts any Basic credentials. Resolves with `{origin, endpoint, stop()}`; `endpoint` ends in `/xAPI/`.
 */
export async function startThirdPartyLrs() {
  await ensureThirdPartyLrs();
  const dir = mkdtempSync(join(tmpdir(), 'ict-third-party-lrs-'));
  const port = await freePort();
  const child = fork(SERVER, [], {
    execArgv: [],
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      PATH: process.env.PATH,
      EXPRESS_PORT: String(port),
      AUTH_REPO: 'test',
      EVENTS_REPO: 'test',
      MODELS_REPO: 'memory',
      STORAGE_REPO: 'memory',
      FS_LOCAL_STORAGE_DIR: join(dir, 'storage'),
      EXPRESS_MORGAN_DIRECTORY: join(dir, 'access-logs'),
      WINSTON_CONSOLE_LEVEL: 'error',
      SERVICE_AWAIT_UPDATES: 'true',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      NODE_NO_WARNINGS: '1',
    },
  });
  const log = [];
  child.stdout.on('data', (d) => log.push(d));
  child.stderr.on('data', (d) => log.push(d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  await new Promise((resolve, reject) => {
    child.on('message', (m) => m === 'ready' && resolve());
    void exited.then((how) =>
      reject(new Error(`The third-party LRS stopped before it listened (${how}):\n${Buffer.concat(log).toString()}`)),
    );
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    endpoint: `${origin}/xAPI/`,
    /** what it printed so far */
    log: () => Buffer.concat(log).toString(),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, {recursive: true, force: true});
    },
  };
}
