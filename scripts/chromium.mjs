// Finds a Chromium for the browser tests, or installs Debian's `chromium` package where that is possible.
// `npx playwright install` cannot download browsers on machines without general network access, so the tests use
// the system browser. Used by scripts/test.mjs, web-test-runner.config.mjs and the e2e tests.
import {existsSync} from 'node:fs';
import {execFileSync, spawnSync} from 'node:child_process';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Flags that let Debian's Chromium run headless as root on a machine without general network access. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The path of a Chromium executable, or null. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH || process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist. Unset it or point it at a Chromium.`);
  }
  for (const c of CANDIDATES) if (existsSync(c)) return c;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'});
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

/** Finds Chromium; where none is found and this is a Debian-like machine run as root, installs `chromium`. */
export function ensureChromium({log = console.error} = {}) {
  const found = findChromium();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], {encoding: 'utf8'}).status === 0;
  if (isRoot && hasApt && process.env.ICT_NO_INSTALL !== '1') {
    log('No Chromium found: installing the Debian package `chromium` (apt-get) ...');
    execFileSync('apt-get', ['update', '-qq'], {stdio: 'inherit'});
    execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], {
      stdio: 'inherit',
      env: {...process.env, DEBIAN_FRONTEND: 'noninteractive'},
    });
    const after = findChromium();
    if (after) return after;
  }
  throw new Error(
    'The browser tests need Chromium and none was found.\n' +
      '  Debian/Ubuntu: sudo apt-get install chromium   (or run the tests as root to install it automatically)\n' +
      '  macOS:         install Google Chrome or Chromium\n' +
      '  Elsewhere:     set CHROME_PATH to a Chromium or Chrome executable.',
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureChromium());
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
