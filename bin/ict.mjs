#!/usr/bin/env node
// The `ict` command: runs src/cli/main.ts through tsx.
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';
const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const r = spawnSync(process.execPath, ['--import', 'tsx', main, ...process.argv.slice(2)], {stdio: 'inherit'});
process.exit(r.status ?? 1);
