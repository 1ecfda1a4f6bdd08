import {expect} from '@open-wc/testing';
import {emptyProgress, setChoice, visitLesson} from '../../src/course/rules.js';
import {
  closeDb,
  DB_NAME,
  loadProgressCopy,
  loadProgressRecord,
  metaDelete,
  metaGet,
  metaSet,
  outboxAdd,
  outboxCount,
  outboxDelete,
  outboxPeek,
  outboxUpdate,
  saveProgressCopy,
  saveProgressRecord,
  persistStorage,
  setOpenTimeout,
  storageEstimate,
  StorageError,
} from '../../src/offline/db.js';
import {freshDb} from '../helpers/db.js';

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('IndexedDB storage (db.ts)', () => {
  beforeEach(freshDb);
  after(freshDb);

  describe('progress', () => {
    it('saves and loads a learner’s progress per course', async () => {
      const p = visitLesson(emptyProgress(), 'welcome');
      expect(await loadProgressCopy('basics', 'local')).to.equal(null);
      expect(await saveProgressCopy('basics', 'local', p, '1.0.0')).to.equal(true);
      expect(await loadProgressCopy('basics', 'local')).to.deep.equal({progress: p, courseVersion: '1.0.0'});
      expect(await loadProgressCopy('basics', 'someone-else')).to.equal(null);
      expect(await loadProgressCopy('other-course', 'local')).to.equal(null);
      const record = await loadProgressRecord('basics', 'local');
      expect(record).to.include({courseId: 'basics', learnerId: 'local', courseVersion: '1.0.0', updated: p.updated});
      expect(record!.state).to.be.a('string');
    });

    it('survives closing and reopening the database', async () => {
      const p = visitLesson(emptyProgress(), 'sharing');
      await saveProgressCopy('basics', 'local', p, '1.0.0');
      await closeDb();
      expect((await loadProgressCopy('basics', 'local'))!.progress).to.deep.equal(p);
    });

    it('merges two copies of the same version so no update is lost (two tabs)', async () => {
      // Tab 1 reads welcome, tab 2 (opened from the same state) chooses in sharing; each saves what it holds.
      const start = visitLesson(emptyProgress(), 'welcome');
      await saveProgressCopy('basics', 'local', start, '1.0.0');
      const tab1 = {...visitLesson(start, 'review'), updated: start.updated + 20};
      const tab2 = {...setChoice(visitLesson(start, 'sharing'), 'share-email', 'a'), updated: start.updated + 10};
      expect(await saveProgressCopy('basics', 'local', tab1, '1.0.0')).to.equal(true);
      expect(await saveProgressCopy('basics', 'local', tab2, '1.0.0')).to.equal(true);
      const {progress} = (await loadProgressCopy('basics', 'local'))!;
      expect(progress.visited).to.have.members(['welcome', 'review', 'sharing']);
      expect(progress.choices).to.deep.equal({'share-email': 'a'});
      expect(progress.location, 'the newer copy decides where the learner is').to.equal('review');
      expect(progress.updated).to.equal(tab1.updated);
      expect(await saveProgressCopy('basics', 'local', progress, '1.0.0'), 'nothing new: nothing written').to.equal(
        false,
      );
    });

    it('never lets an older copy of another course version replace a newer one', async () => {
      const newer = {...visitLesson(emptyProgress(), 'review'), updated: 2000};
      const older = {...visitLesson(emptyProgress(), 'welcome'), updated: 1000};
      expect(await saveProgressCopy('basics', 'local', newer, '1.1.0')).to.equal(true);
      expect(await saveProgressCopy('basics', 'local', older, '1.0.0')).to.equal(false);
      expect(await loadProgressCopy('basics', 'local')).to.deep.equal({progress: newer, courseVersion: '1.1.0'});
      const newest = {...older, updated: 3000};
      expect(await saveProgressCopy('basics', 'local', newest, '1.0.0')).to.equal(true);
      expect(await loadProgressCopy('basics', 'local')).to.deep.equal({progress: newest, courseVersion: '1.0.0'});
    });

    it('treats a damaged or foreign copy as none', async () => {
      await saveProgressRecord({
        courseId: 'basics',
        learnerId: 'local',
        courseVersion: '1.0.0',
        state: 'I1.garbage',
        updated: 1,
      });
      expect(await loadProgressCopy('basics', 'local')).to.equal(null);
      const p = emptyProgress();
      await saveProgressCopy('other', 'local', p, '1.0.0');
      const foreign = await loadProgressRecord('other', 'local');
      await saveProgressRecord({...foreign!, courseId: 'basics', updated: 2});
      expect(await loadProgressCopy('basics', 'local'), 'written for course "other"').to.equal(null);
    });
  });

  describe('outbox', () => {
    const rec = (id: string, key = 'reg-1') => ({id, key, statement: {id, verb: 'answered'}});

    it('keeps records in the order they were queued', async () => {
      await outboxAdd([rec('c'), rec('a')]);
      await outboxAdd([rec('b')]);
      const all = await outboxPeek(10);
      expect(all.map((r) => r.id)).to.deep.equal(['c', 'a', 'b']);
      expect(all.map((r) => r.seq)).to.deep.equal([1, 2, 3]);
      expect((await outboxPeek(2)).map((r) => r.id)).to.deep.equal(['c', 'a']);
      expect(all[0]!.statement).to.deep.equal({id: 'c', verb: 'answered'});
    });

    it('ignores a duplicate id and never overwrites the queued record', async () => {
      expect(await outboxAdd([rec('s1'), rec('s2')])).to.deep.equal(['s1', 's2']);
      expect(await outboxAdd([{...rec('s1'), statement: 'changed'}, rec('s3'), rec('s3')])).to.deep.equal(['s3']);
      expect(await outboxCount()).to.equal(3);
      const [first] = await outboxPeek(1);
      expect(first!.statement).to.deep.equal({id: 's1', verb: 'answered'});
    });

    it('counts, filters by key, updates and deletes', async () => {
      await outboxAdd([rec('x1', 'k1'), rec('x2', 'k2'), rec('x3', 'k1')]);
      expect(await outboxCount('k1')).to.equal(2);
      expect((await outboxPeek(10, 'k1')).map((r) => r.id)).to.deep.equal(['x1', 'x3']);
      expect((await outboxPeek(1, 'k1')).map((r) => r.id)).to.deep.equal(['x1']);
      expect(await outboxPeek(10, 'none')).to.deep.equal([]);
      const [x1] = await outboxPeek(1);
      expect(await outboxUpdate({...x1!, tries: 3})).to.equal(true);
      expect((await outboxPeek(1))[0]).to.include({id: 'x1', tries: 3, seq: 1});
      await outboxDelete(['x1', 'x2', 'unknown']);
      expect((await outboxPeek(10)).map((r) => r.id)).to.deep.equal(['x3']);
      expect(await outboxUpdate({...x1!, tries: 4}), 'a deleted record is not brought back').to.equal(false);
      expect(await outboxCount()).to.equal(1);
      await outboxAdd([rec('x4')]);
      expect(
        (await outboxPeek(10)).map((r) => r.seq),
        'numbers keep growing after deletes',
      ).to.deep.equal([3, 4]);
    });

    it('keeps order and ids unique when two writers queue at once', async () => {
      const a = Array.from({length: 20}, (_, i) => rec(`a${i}`));
      const b = Array.from({length: 20}, (_, i) => rec(`b${i}`));
      await Promise.all([outboxAdd(a), outboxAdd(b), outboxAdd(a)]);
      const all = await outboxPeek(100);
      expect(all).to.have.length(40);
      const seqs = all.map((r) => r.seq);
      expect(new Set(seqs).size).to.equal(40);
      expect(all.filter((r) => r.id.startsWith('a')).map((r) => r.id)).to.deep.equal(a.map((r) => r.id));
    });
  });

  it('tells how much the device stores and asks to keep it, without throwing', async () => {
    await metaSet('x', 'y'.repeat(10_000));
    const {usage, quota} = await storageEstimate();
    expect(usage).to.be.a('number');
    expect(quota).to.be.greaterThan(0);
    expect(await persistStorage()).to.be.a('boolean');
  });

  it('stores settings in meta', async () => {
    expect(await metaGet('x')).to.equal(undefined);
    await metaSet('x', {a: 1});
    expect(await metaGet('x')).to.deep.equal({a: 1});
    await metaDelete('x');
    expect(await metaGet('x')).to.equal(undefined);
  });

  describe('when IndexedDB cannot be used', () => {
    let original: IDBFactory['open'];
    beforeEach(async () => {
      await closeDb();
      original = indexedDB.open;
    });
    afterEach(() => {
      indexedDB.open = original;
      setOpenTimeout(5000);
    });

    it('reports storage-unavailable from every function when open throws (private mode, disabled storage)', async () => {
      indexedDB.open = () => {
        throw new DOMException('The user denied permission to access the database.', 'SecurityError');
      };
      const calls: (() => Promise<unknown>)[] = [
        () => loadProgressCopy('basics', 'local'),
        () => saveProgressCopy('basics', 'local', emptyProgress(), '1.0.0'),
        () => outboxAdd([{id: 'z', key: 'k'}]),
        () => outboxPeek(1),
        () => outboxCount(),
        () => outboxDelete(['z']),
        () => outboxUpdate({id: 'z', key: 'k', seq: 1}),
        () => metaGet('x'),
        () => metaSet('x', 1),
      ];
      for (const call of calls) {
        const e = await rejection(call());
        expect(e).to.be.instanceOf(StorageError);
        expect((e as StorageError).code).to.equal('storage-unavailable');
      }
    });

    it('does not hang when opening never answers, and works again once it can open', async () => {
      setOpenTimeout(300);
      indexedDB.open = (() => ({}) as IDBOpenDBRequest) as IDBFactory['open']; // a request that never fires
      const started = performance.now();
      const e = await rejection(metaGet('x'));
      expect((e as StorageError).code).to.equal('storage-unavailable');
      expect(performance.now() - started).to.be.lessThan(3000);
      indexedDB.open = original;
      await metaSet('x', 2);
      expect(await metaGet('x')).to.equal(2);
    });

    it('reports quota-exceeded when the device is full', async () => {
      const put = IDBObjectStore.prototype.put;
      const add = IDBObjectStore.prototype.add;
      const full = (): never => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      IDBObjectStore.prototype.put = full;
      IDBObjectStore.prototype.add = full;
      try {
        for (const call of [
          () => saveProgressCopy('basics', 'local', emptyProgress(), '1.0.0'),
          () => outboxAdd([{id: 'q', key: 'k'}]),
          () => metaSet('x', 1),
        ]) {
          const e = await rejection(call());
          expect(e).to.be.instanceOf(StorageError);
          expect((e as StorageError).code).to.equal('quota-exceeded');
        }
      } finally {
        IDBObjectStore.prototype.put = put;
        IDBObjectStore.prototype.add = add;
      }
      expect(await outboxCount(), 'nothing half-written').to.equal(0);
      await metaSet('x', 1);
      expect(await metaGet('x'), 'works again once there is room').to.equal(1);
    });

    it('opens again once when it finds its connection closed by the browser', async () => {
      await metaSet('x', 1);
      const transaction = IDBDatabase.prototype.transaction;
      let failures = 1;
      IDBDatabase.prototype.transaction = function (
        this: IDBDatabase,
        ...args: Parameters<IDBDatabase['transaction']>
      ) {
        if (failures-- > 0) throw new DOMException('The database connection is closing.', 'InvalidStateError');
        return transaction.apply(this, args);
      } as IDBDatabase['transaction'];
      try {
        await metaSet('x', 2);
      } finally {
        IDBDatabase.prototype.transaction = transaction;
      }
      expect(await metaGet('x')).to.equal(2);
    });

    it('closes its connection when another tab upgrades the database', async () => {
      await metaSet('x', 1);
      // Another tab opens version 2: without this tab closing on versionchange, the upgrade would be blocked.
      const upgraded = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = original.call(indexedDB, DB_NAME, 2);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
        req.onblocked = () => reject(new Error('blocked by this tab'));
      });
      expect(upgraded.version).to.equal(2);
      upgraded.close();
      // This tab now finds a newer database than it knows: it reports that, it does not hang.
      setOpenTimeout(1000);
      const e = await rejection(metaGet('x'));
      expect(e).to.be.instanceOf(StorageError);
    });
  });
});
