// The outbox in real Chromium with real IndexedDB: ids before storage, order and persistence across launches,
// document writes replaced rather than queued twice, an unreachable LRS (offline, everything kept), and an endpoint
// that refuses (4xx: recorded and shown, not retried forever). The protocol against a real LRS is in
// tests/e2e/xapi.e2e.test.ts and cmi5.e2e.test.ts.
import {expect} from '@open-wc/testing';
import {outboxCount, outboxPeek} from '../../src/offline/db.js';
import {Outbox, OutboxStatusEvent, type OutboxStatus} from '../../src/tracking/outbox/outbox.js';
import type {Statement} from '../../src/tracking/xapi/statements.js';
import {freshDb} from '../helpers/db.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function statement(n: number): Statement {
  return {
    actor: {mbox: 'mailto:amina@example.org'},
    verb: {id: 'http://adlnet.gov/expapi/verbs/experienced'},
    object: {id: `https://example.org/courses/basics/lessons/${n}`},
  };
}

function waitFor(box: Outbox, test: (s: OutboxStatus) => boolean, ms = 8000): Promise<OutboxStatus> {
  return new Promise((resolve, reject) => {
    if (test(box.status)) return resolve(box.status);
    const timer = setTimeout(() => reject(new Error(`status stayed ${JSON.stringify(box.status)}`)), ms);
    box.addEventListener(OutboxStatusEvent.type, () => {
      if (test(box.status)) {
        clearTimeout(timer);
        resolve(box.status);
      }
    });
  });
}

describe('outbox', () => {
  beforeEach(freshDb);

  it('gives every statement a UUID before storing it, and keeps the order across launches', async () => {
    const box = new Outbox({key: 'k1', connection: () => null, listen: false});
    await box.open();
    const ids = await box.add([statement(1), statement(2)]);
    const more = await box.add([statement(3)]);
    for (const id of [...ids, ...more]) expect(id).to.match(UUID);
    expect(box.status).to.deep.include({state: 'pending', pending: 3});
    box.close();
    // the next launch finds them, in order, with the same ids
    const next = new Outbox({key: 'k1', connection: () => null, listen: false});
    await next.open();
    expect(next.pendingItems.map((i) => i.id)).to.deep.equal([...ids, ...more]);
    expect(
      next.pendingItems.map((i) => (i.statement as {object: {id: string}}).object.id.split('/').at(-1)),
    ).to.deep.equal(['1', '2', '3']);
    // another queue's items are not this one's
    const other = new Outbox({key: 'k2', connection: () => null, listen: false});
    await other.open();
    expect(other.pendingItems).to.have.length(0);
    next.close();
    other.close();
  });

  it('replaces a pending document write instead of queuing it twice', async () => {
    const box = new Outbox({key: 'k3', connection: () => null, listen: false});
    await box.open();
    const doc = (body: string) => ({
      resource: 'activities/state' as const,
      params: {stateId: 'progress'},
      body,
      contentType: 'application/json',
    });
    await box.putDocument('progress', doc('{"v":1}'));
    await box.putDocument('progress', doc('{"v":2}'));
    expect(await outboxCount('k3')).to.equal(1);
    const [stored] = await outboxPeek(10, 'k3');
    expect((stored as unknown as {document: {body: string}}).document.body).to.equal('{"v":2}');
    box.close();
  });

  it('keeps everything and says offline when the LRS cannot be reached; discard removes for good', async () => {
    const box = new Outbox({
      key: 'k4',
      connection: () => ({endpoint: 'http://127.0.0.1:9/xapi/', auth: 'Basic eDp5'}),
      listen: false,
      retryMs: 50,
    });
    await box.open();
    const ids = await box.add([statement(1), statement(2)]);
    const s = await waitFor(box, (st) => st.state === 'offline');
    expect(s.pending).to.equal(2);
    expect(await outboxCount('k4')).to.equal(2);
    await box.discard([ids[0]!]);
    expect(box.pendingItems.map((i) => i.id)).to.deep.equal([ids[1]]);
    expect(await outboxCount('k4')).to.equal(1);
    box.close();
  });

  it('records a statement the endpoint refuses (4xx), shows it, and does not retry it forever', async () => {
    // the test server is a real HTTP server with no LRS under this path: it refuses with a 4xx
    const endpoint = new URL('/no-lrs-here/', location.origin).href;
    const box = new Outbox({key: 'k5', connection: () => ({endpoint, auth: 'Basic eDp5'}), listen: false, retryMs: 50});
    await box.open();
    await box.add([statement(1), statement(2)]);
    const s = await waitFor(box, (st) => st.code === 'statement-rejected' && st.pending === 0);
    expect(s.state).to.equal('error');
    expect(box.rejected).to.have.length(2);
    expect(box.rejected[0]!.status).to.be.within(400, 499);
    expect(await outboxCount('k5')).to.equal(0);
    box.close();
    // the record survives the launch
    const next = new Outbox({key: 'k5', connection: () => null, listen: false});
    await next.open();
    expect(next.rejected).to.have.length(2);
    expect(next.status.code).to.equal('statement-rejected');
    next.close();
  });
});
