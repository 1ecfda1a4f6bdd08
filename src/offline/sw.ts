/**
 * The package's service worker. The packager bundles this file and injects the precache manifest (every file of
 * the package, with a revision) in place of `self.__WB_MANIFEST` (Workbox injectManifest).
 *
 * - Registered from the package's own folder, so its scope is that folder: the LMS's pages and API calls are
 *   outside it and never reach this worker.
 * - Answers only requests for precached files (cache first); everything else goes to the network untouched.
 * - Launch URLs carry query parameters (xAPI endpoint, cmi5 fetch URL): they are ignored when matching.
 * - The first install controls the open page at once (clientsClaim).
 * - A new release installs in the background and waits; the page decides when it takes over (`SKIP_WAITING`),
 *   never in the middle of an assessment.
 * - Reports precache progress to the pages (`ict-precache-progress`) for the "Make available offline" display.
 */
import {clientsClaim} from 'workbox-core';
import {addPlugins, cleanupOutdatedCaches, precacheAndRoute, type PrecacheEntry} from 'workbox-precaching';

interface WorkerScope {
  __WB_MANIFEST: Array<PrecacheEntry | string>;
  skipWaiting(): Promise<void>;
  clients: {matchAll(o: {includeUncontrolled: boolean; type: 'window'}): Promise<{postMessage(m: unknown): void}[]>};
  addEventListener(type: 'message', listener: (e: {data: unknown}) => void): void;
}
declare const self: WorkerScope;

/** Messages this worker sends to its pages. */
export interface PrecacheProgressMessage {
  type: 'ict-precache-progress';
  done: number;
  total: number;
}

const manifest = self.__WB_MANIFEST;
let done = 0;

async function broadcast(message: PrecacheProgressMessage): Promise<void> {
  const pages = await self.clients.matchAll({includeUncontrolled: true, type: 'window'});
  for (const page of pages) page.postMessage(message);
}

addPlugins([
  {
    cacheDidUpdate: async () => {
      done += 1;
      await broadcast({type: 'ict-precache-progress', done, total: manifest.length});
    },
  },
]);

precacheAndRoute(manifest, {ignoreURLParametersMatching: [/.*/], directoryIndex: 'index.html', cleanURLs: false});
cleanupOutdatedCaches();
// The first install takes the open page at once, so the visit that cached the course is already offline-capable.
clientsClaim();

self.addEventListener('message', (event) => {
  const data = event.data as {type?: string} | null;
  if (data?.type === 'SKIP_WAITING') void self.skipWaiting();
});
