// The page of the outbox benchmark (bundled with esbuild by outbox.ts): the real outbox on real IndexedDB, queuing
// statements while the browser is offline and sending them when it is back online. `window.outboxBench` is what
// the benchmark calls; every request to the LRS is counted here, with the statements it carried.
import {outboxCount} from '../src/offline/db.js';
import {Outbox, OutboxStatusEvent} from '../src/tracking/outbox/outbox.js';
import type {Statement} from '../src/tracking/xapi/statements.js';

const KEY = 'bench';
let box: Outbox | undefined;
const requests = {posts: 0, puts: 0, other: 0, statementsSent: 0, failed: 0};

const realFetch = window.fetch.bind(window);
window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const method = (init?.method ?? 'GET').toUpperCase();
  if (method === 'POST') {
    requests.posts++;
    try {
      const body = JSON.parse(String(init?.body ?? '[]')) as unknown;
      requests.statementsSent += Array.isArray(body) ? body.length : 1;
    } catch {
      // not JSON
    }
  } else if (method === 'PUT') {
    requests.puts++;
    requests.statementsSent++;
  } else requests.other++;
  try {
    return await realFetch(input, init);
  } catch (e) {
    requests.failed++;
    throw e;
  }
};

function statement(n: number, activity: string): Statement {
  return {
    actor: {objectType: 'Agent', name: 'Bench Learner', mbox: 'mailto:bench.learner@example.org'},
    verb: {id: 'http://adlnet.gov/expapi/verbs/experienced', display: {'en-US': 'experienced'}},
    object: {
      objectType: 'Activity',
      id: `${activity}/lessons/${n % 20}`,
      definition: {name: {'en-US': `Lesson ${n % 20}`}},
    },
    result: {duration: 'PT1M'},
    timestamp: new Date().toISOString(),
  };
}

const bench = {
  /** Opens the outbox and queues `n` statements, `per` at a time (a course adds one or a few per step). */
  async queue(n: number, per: number, endpoint: string, auth: string, activity: string) {
    box = new Outbox({key: KEY, connection: () => ({endpoint, auth})});
    await box.open();
    const t0 = performance.now();
    const ids: string[] = [];
    for (let i = 0; i < n; i += per) {
      const group = Array.from({length: Math.min(per, n - i)}, (_, k) => statement(i + k, activity));
      ids.push(...(await box.add(group)));
    }
    return {
      ids,
      queueMs: performance.now() - t0,
      stored: await outboxCount(KEY),
      status: box.status,
      online: navigator.onLine,
      requests: {...requests},
    };
  },
  /** Resolves with performance.now() when the outbox says every item is delivered. */
  saved(timeoutMs: number): Promise<number | null> {
    return new Promise((resolve) => {
      const b = box!;
      const done = () => b.status.pending === 0 && b.status.state === 'saved';
      if (done()) return resolve(performance.now());
      const timer = setTimeout(() => resolve(null), timeoutMs);
      b.addEventListener(OutboxStatusEvent.type, () => {
        if (done()) {
          clearTimeout(timer);
          resolve(performance.now());
        }
      });
    });
  },
  async state() {
    return {status: box?.status, stored: await outboxCount(KEY), requests: {...requests}, now: performance.now()};
  },
};

(window as unknown as {outboxBench: typeof bench}).outboxBench = bench;
