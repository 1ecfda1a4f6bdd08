/**
 * Outbox: 1,000 statements queued while the browser is offline (the real outbox, in a real page, on IndexedDB),
 * then the network returns; timed until the LRS (the preview's, on this machine) holds all of them, each once.
 * Offline and online are switched through the DevTools protocol (`Network.emulateNetworkConditions`), which also
 * fires the page's `offline` / `online` events, as a real loss of network does.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import type {Browser} from 'playwright-core';
import {createLrs, type StoredXapiStatement} from '../src/preview/lrs/lrs.js';

const HERE = dirname(fileURLToPath(import.meta.url));

export interface OutboxFigures {
  statements: number;
  /** statements per add() while queuing */
  perAdd: number;
  /** ms to queue them offline (into IndexedDB) */
  queueMs: number;
  /** queued in IndexedDB before the network returned; the LRS held none of them */
  storedOffline: number;
  heldBeforeOnline: number;
  /** ms from the network's return until the LRS held every statement */
  deliverMs: number | null;
  /** ms from the network's return until the outbox said everything was saved */
  acknowledgedMs: number | null;
  /** each statement stored exactly once (no id missing, none twice) */
  exactlyOnce: boolean;
  missing: number;
  duplicates: number;
  /** requests the page made to the LRS after the network returned */
  posts: number;
  puts: number;
  statementsSent: number;
  leftInQueue: number;
  error?: string;
}

/** Queues `n` statements offline, `per` to an add() (each add is one IndexedDB transaction), then delivers them. */
export async function measureOutbox(browser: Browser, n = 1000, per = 5): Promise<OutboxFigures> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ict-bench-lrs-'));
  const lrs = createLrs({dataDir, basePath: '/xapi/'});
  const creds = lrs.createCredentials({name: 'bench'});
  const js = (
    await build({
      entryPoints: [join(HERE, 'outbox-page.ts')],
      bundle: true,
      format: 'esm',
      write: false,
      target: 'es2022',
      logLevel: 'error',
    })
  ).outputFiles[0]!.text;
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (await lrs.handle(req, res)) return;
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/outbox.html') {
        res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store'});
        res.end(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Outbox</title><script type="module" src="/outbox.js"></script></head><body></body></html>',
        );
      } else if (path === '/outbox.js') {
        res.writeHead(200, {'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-store'});
        res.end(js);
      } else {
        res.writeHead(404);
        res.end();
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await page.goto(`${origin}/outbox.html`);
    await page.waitForFunction('!!window.outboxBench');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: true,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.waitForFunction('navigator.onLine === false');
    const queued = (await page.evaluate(
      `window.outboxBench.queue(${n}, ${per}, ${JSON.stringify(`${origin}/xapi/`)}, ${JSON.stringify(creds.authorization)}, 'https://example.org/bench')`,
    )) as {
      ids: string[];
      queueMs: number;
      stored: number;
      requests: {posts: number; puts: number; statementsSent: number};
    };
    const ids = new Set(queued.ids);
    const mine = () => lrs.allStatements().filter((s: StoredXapiStatement) => ids.has(s.id));
    const heldBeforeOnline = mine().length;

    // the network returns
    const held = new Set<string>();
    let doneAt: number | null = null;
    const allHeld = new Promise<void>((resolve) => {
      lrs.on('statements', (list: StoredXapiStatement[]) => {
        for (const s of list) if (ids.has(s.id)) held.add(s.id);
        if (held.size === ids.size && doneAt === null) {
          doneAt = Date.now();
          resolve();
        }
      });
    });
    const saved = page.evaluate('window.outboxBench.saved(60000)') as Promise<number | null>;
    const pageNow = (await page.evaluate('performance.now()')) as number;
    const t0 = Date.now();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([allHeld, new Promise((r) => (timer = setTimeout(r, 60_000)))]);
    clearTimeout(timer);
    const savedAt = await saved;
    const after = (await page.evaluate('window.outboxBench.state()')) as {
      stored: number;
      requests: {posts: number; puts: number; statementsSent: number};
    };
    const counts = new Map<string, number>();
    for (const s of mine()) counts.set(s.id, (counts.get(s.id) ?? 0) + 1);
    const missing = [...ids].filter((id) => !counts.has(id)).length;
    const duplicates = [...counts.values()].filter((c) => c > 1).length;
    return {
      statements: ids.size,
      perAdd: per,
      queueMs: queued.queueMs,
      storedOffline: queued.stored,
      heldBeforeOnline,
      deliverMs: doneAt === null ? null : doneAt - t0,
      // the page's clock: from just before the switch (an upper bound by the one round trip of reading it)
      acknowledgedMs: savedAt === null ? null : savedAt - pageNow,
      exactlyOnce: missing === 0 && duplicates === 0 && ids.size === n,
      missing,
      duplicates,
      posts: after.requests.posts - queued.requests.posts,
      puts: after.requests.puts - queued.requests.puts,
      statementsSent: after.requests.statementsSent - queued.requests.statementsSent,
      leftInQueue: after.stored,
    };
  } catch (e) {
    return {
      statements: n,
      perAdd: per,
      queueMs: 0,
      storedOffline: 0,
      heldBeforeOnline: 0,
      deliverMs: null,
      acknowledgedMs: null,
      exactlyOnce: false,
      missing: n,
      duplicates: 0,
      posts: 0,
      puts: 0,
      statementsSent: 0,
      leftInQueue: 0,
      error: (e instanceof Error ? e.message : String(e)).split('\n')[0],
    };
  } finally {
    await context.close();
    server.closeAllConnections();
    await new Promise<void>((ok) => server.close(() => ok()));
    rmSync(dataDir, {recursive: true, force: true});
  }
}
