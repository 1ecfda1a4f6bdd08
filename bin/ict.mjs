#!/usr/bin/env node
// The `ict` command: runs src/cli/main.ts through tsx, passing signals on so Ctrl+C stops a running preview.
import {spawn} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const main = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', 'tsx', main, ...process.argv.slice(2)], {stdio: 'inherit'});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + 2 : 1)));
