// The Chromium of the end-to-end tests: the one scripts/chromium.mjs finds (or installs), with the flags that let it
// run headless on a machine without general network access.
import {chromium, type Browser} from 'playwright-core';

// scripts/chromium.mjs has no type declarations: import it by URL with the types it has
const {CHROMIUM_ARGS, ensureChromium} = (await import(new URL('../../scripts/chromium.mjs', import.meta.url).href)) as {
  CHROMIUM_ARGS: string[];
  ensureChromium(): string;
};

export {CHROMIUM_ARGS, ensureChromium};

/** A headless Chromium for one test file (with `extraArgs`, for example a desktop player's file access). */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({executablePath: ensureChromium(), args: [...CHROMIUM_ARGS, ...extraArgs]});
}
