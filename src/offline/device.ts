/**
 * What a launch knows of the course's database on this device without loading the database module
 * (`./db.ts`, which owns it, opens it and upgrades it): its name, the error its functions throw, and whether it
 * exists here at all.
 */

export const DB_NAME = 'ict-manager-training';

/** Why the device could not store or read something. */
export type StorageErrorCode = 'storage-unavailable' | 'quota-exceeded';

/** IndexedDB could not do what was asked. Keep the data in memory and tell the learner it is not kept on this device. */
export class StorageError extends Error {
  override name = 'StorageError';
  constructor(
    readonly code: StorageErrorCode,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/**
 * Whether this device may hold the course's database: false only where the browser lists its databases
 * (`indexedDB.databases()`) and this one is not among them, as on the first launch on a device. A launch that gets
 * false has no copy to wait for.
 */
export async function mayHoldDatabase(): Promise<boolean> {
  try {
    return (await indexedDB.databases()).some((d) => d.name === DB_NAME);
  } catch {
    return true; // the browser does not say (or has no IndexedDB: the database module reports that)
  }
}
