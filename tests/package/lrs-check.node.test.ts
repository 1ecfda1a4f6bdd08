// `ict lrs check`, as a training centre runs it before pointing a release at its LRS: against the preview's own
// LRS (conformant: every check passes, exit 0), and against endpoints that are not right (wrong credentials, an
// address with no LRS, nothing listening, an LRS that stores anything): each failure names what failed and what to
// do, and the exit code is 1; bad usage is 2.
import assert from 'node:assert/strict';
import {createServer, type Server} from 'node:http';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {startPreview, type PreviewServer} from '../../src/preview/server.js';
import {ict} from './helpers.js';

let work: string;
let preview: PreviewServer;
let auth: string;
let lax: Server;
let laxUrl: string;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ict-lrs-check-'));
  preview = await startPreview({port: 0, coursesDir: join(work, 'courses'), dataDir: join(work, 'data'), log: false});
  const c = preview.lrs.createCredentials({name: 'lrs check'});
  // (a random key may begin with "-": the tests pass it as --auth=…, as a user with such a key must)
  auth = `${c.key}:${c.secret}`;
  // an "LRS" that answers every request with success and stores nothing it is asked to check
  lax = createServer((req, res) => {
    res.setHeader('X-Experience-API-Version', '1.0.3');
    if (req.url?.startsWith('/xapi/about')) return void res.end(JSON.stringify({version: ['1.0.3']}));
    if (req.method === 'POST') return void res.end(JSON.stringify(['not-the-id']));
    res.statusCode = 204;
    res.end();
  });
  await new Promise<void>((resolve) => lax.listen(0, '127.0.0.1', resolve));
  laxUrl = `http://127.0.0.1:${(lax.address() as {port: number}).port}/xapi/`;
});

after(async () => {
  await preview?.close();
  await new Promise((resolve) => lax?.close(resolve));
  rmSync(work, {recursive: true, force: true});
});

describe('ict lrs check', {concurrency: true}, () => {
  it('the preview LRS takes everything: four checks pass, exit 0', async () => {
    const r = await ict(['lrs', 'check', `${preview.url}xapi/`, `--auth=${auth}`]);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^ok {3}About: an xAPI 1\.0\.x LRS: version 1\.0\.3/m);
    assert.match(r.stdout, /^ok {3}a statement is stored and read back whole: statement [0-9a-f-]{36}$/m);
    assert.match(r.stdout, /^ok {3}an invalid statement is refused with 400: HTTP 400$/m);
    assert.match(r.stdout, /^ok {3}a state document is written and read back/m);
    assert.match(r.stdout, /takes what the courses' xAPI and cmi5 packages send\.$/m);
  });

  it('wrong credentials: the checks that need them fail with 401 and say to check --auth, exit 1', async () => {
    const r = await ict(['lrs', 'check', `${preview.url}xapi/`, `--auth=${auth}x`]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^FAIL a statement is stored and read back whole: HTTP 401 \(the LRS refused the credentials: check --auth\)/m,
    );
    assert.match(r.stdout, /3 of 4 checks failed/);
  });

  it('an address with no LRS: 404, with where an endpoint usually is', async () => {
    const r = await ict(['lrs', 'check', `${preview.url}not-an-lrs/`, `--auth=${auth}`]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^FAIL About: an xAPI 1\.0\.x LRS: HTTP 404 \(no xAPI resource here: the endpoint usually ends in \/xapi\/ or \/data\/xAPI\/\)$/m,
    );
  });

  it('nothing listening: no answer, and what to check', async () => {
    const r = await ict(['lrs', 'check', 'http://127.0.0.1:1/xapi/']);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^FAIL About: an xAPI 1\.0\.x LRS: no answer \(.+\): check the address and that the LRS is running$/m,
    );
    assert.match(r.stdout, /4 of 4 checks failed/);
  });

  it('an endpoint that accepts anything: the statement is not stored as sent, the invalid one is not refused', async () => {
    const r = await ict(['lrs', 'check', laxUrl]);
    assert.equal(r.code, 1);
    assert.match(
      r.stdout,
      /^FAIL a statement is stored and read back whole: POST statements answered \["not-the-id"\]/m,
    );
    assert.match(r.stdout, /^FAIL an invalid statement is refused with 400: it stored a statement without a verb id/m);
  });

  it('bad usage: exit 2 with what to write', async () => {
    for (const [args, message] of [
      [['lrs'], /one subcommand: `ict lrs check <endpoint>/],
      [['lrs', 'check'], /Name one LRS endpoint/],
      [['lrs', 'check', 'lrs.example.org'], /not an http\(s\) address/],
      [['lrs', 'check', 'https://lrs.example.org/xapi/', '--auth', 'nocolon'], /--auth takes USER:PASSWORD/],
    ] as const) {
      const r = await ict([...args]);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, message);
    }
  });
});
