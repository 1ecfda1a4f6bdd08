// Starting and stopping the test servers: node:http on 127.0.0.1 at a free port, with the Chromium and the data
// folder that go with them.
import {rmSync} from 'node:fs';
import type {Server} from 'node:http';
import type {Browser} from 'playwright-core';

/** Starts `server` on 127.0.0.1 at a free port; resolves with its origin (`http://127.0.0.1:<port>`). */
export async function listenLocal(server: Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as {port: number}).port}`;
}

/** Closes the browser, the server (its open connections too) and removes the data folder. */
export async function stopLocal(parts: {browser?: Browser; server?: Server; dir?: string}): Promise<void> {
  await parts.browser?.close();
  if (parts.server) {
    parts.server.closeAllConnections();
    await new Promise<void>((r) => parts.server!.close(() => r()));
  }
  if (parts.dir) rmSync(parts.dir, {recursive: true, force: true});
}
