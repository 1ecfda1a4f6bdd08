// Waiting in browser tests: open-wc's waitUntil with a time limit a slow, loaded machine meets. Its own default is
// one second, which a chunk loaded on demand (the views, the messages) can take when the machine is busy; the wait
// ends as soon as the condition holds, so a longer limit costs nothing when all is well.
import {waitUntil as openWcWaitUntil} from '@open-wc/testing';

type Options = Parameters<typeof openWcWaitUntil>[2];

export function waitUntil(
  predicate: () => unknown | Promise<unknown>,
  message?: string,
  options: Options = {},
): Promise<void> {
  return openWcWaitUntil(predicate, message, {timeout: 10_000, ...options});
}
