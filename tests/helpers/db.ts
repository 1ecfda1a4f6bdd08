import {closeDb, DB_NAME} from '../../src/offline/db.js';

/** Delete the course database (after closing this page's connection), so a test starts with an empty device. */
export async function freshDb(): Promise<void> {
  await closeDb();
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.deleteDatabase(DB_NAME);
    req.onsuccess = () => resolve();
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error(`deleting ${DB_NAME} is blocked by an open connection`));
  });
}
