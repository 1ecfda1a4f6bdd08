// Browser tests: real Chromium (the system's), through Playwright. Files: tests/**/*.browser.test.ts
import {playwrightLauncher} from '@web/test-runner-playwright';
import {esbuildPlugin} from '@web/dev-server-esbuild';
import {fileURLToPath} from 'node:url';
import {ensureChromium, CHROMIUM_ARGS} from './scripts/chromium.mjs';

const executablePath = ensureChromium();

export default {
  files: ['tests/**/*.browser.test.ts'],
  nodeResolve: {exportConditions: ['browser', 'development']},
  plugins: [
    esbuildPlugin({ts: true, target: 'es2022', tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url))}),
  ],
  browsers: [
    playwrightLauncher({product: 'chromium', launchOptions: {executablePath, args: CHROMIUM_ARGS, headless: true}}),
  ],
  concurrency: 2,
  testFramework: {config: {timeout: 20000}},
  testsFinishTimeout: 600000,
  browserStartTimeout: 60000,
};
