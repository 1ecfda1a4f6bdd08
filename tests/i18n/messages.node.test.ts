/**
 * Every code the trackers report in a status (`code: '…'`, a standalone tracker's `reason`, a StorageError) or throw
 * (`LaunchError`) has a message for the learner in each of the six languages, found in the source itself: a new code
 * without a message fails here. Messages keep their placeholders; the launch parameter is named where there is one.
 */
import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {UN_LANGUAGES} from '../../src/course/types.js';
import {loadMessages, loadOfflineStrings} from '../../src/i18n/index.js';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** The codes the trackers can emit, read from their source. */
function emittedCodes(): Map<string, string> {
  const found = new Map<string, string>();
  const files = [...sources(join(SRC, 'tracking')), join(SRC, 'offline', 'db.ts')];
  const patterns = [
    /\bcode:\s*'([a-z][a-z0-9-]*)'/g,
    /\breason:\s*'([a-z][a-z0-9-]*)'/g,
    /new (?:LaunchError|StorageError)\(\s*'([a-z][a-z0-9-]*)'/g,
  ];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const re of patterns) for (const m of text.matchAll(re)) found.set(m[1]!, file.slice(SRC.length));
    // the code unions: `export type LaunchErrorCode = | 'a' | 'b'`, `StorageErrorCode = 'a' | 'b'`
    for (const m of text.matchAll(/export type (?:LaunchErrorCode|StorageErrorCode)\s*=([^;]+);/g)) {
      for (const c of m[1]!.matchAll(/'([a-z][a-z0-9-]*)'/g)) found.set(c[1]!, file.slice(SRC.length));
    }
  }
  return found;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages of the status and launch error codes', () => {
  const codes = emittedCodes();

  it('finds the codes in the trackers’ source', () => {
    for (const c of [
      'credentials-expired',
      'statement-rejected',
      'session-ended',
      'state-too-large',
      'state-unreadable',
      'commit-refused',
      'no-lms',
      'storage-unavailable',
      'quota-exceeded',
      'missing-parameter',
      'malformed-parameter',
      'fetch-refused',
      'lms-unreachable',
      'launch-data',
    ]) {
      assert.ok(codes.has(c), `${c} is emitted somewhere in src/tracking (found: ${[...codes.keys()].join(', ')})`);
    }
  });

  for (const lang of UN_LANGUAGES) {
    it(`${lang}: a message for every code, with the same placeholders as English`, async () => {
      const en = (await loadMessages('en')) as Record<string, string>;
      const messages = (await loadMessages(lang)) as Record<string, string>;
      const missing = [...codes].filter(([c]) => !messages[c]?.trim()).map(([c, file]) => `${c} (${file})`);
      assert.deepEqual(missing, [], `${lang} has no message for: ${missing.join(', ')}`);
      assert.deepEqual(Object.keys(messages).sort(), Object.keys(en).sort(), `${lang}: the same codes as English`);
      for (const [c, text] of Object.entries(en)) {
        assert.deepEqual(placeholders(messages[c]!), placeholders(text), `${lang} ${c}: placeholders`);
        if (lang !== 'en') assert.notEqual(messages[c], text, `${lang} ${c}: left in English`);
        // what happened, then what to do: at least two sentences (or clauses in Chinese)
        assert.ok(
          messages[c]!.split(/[.。;；:：]/).filter((x) => x.trim()).length >= 2,
          `${lang} ${c}: says what to do`,
        );
      }
      for (const c of ['missing-parameter', 'malformed-parameter'])
        assert.ok(messages[c]!.includes('{parameter}'), `${lang} ${c} names the parameter`);
    });
  }

  for (const lang of UN_LANGUAGES) {
    it(`${lang}: the texts of offline use, complete, with the same placeholders as English`, async () => {
      const en = (await loadOfflineStrings('en')) as Record<string, string>;
      const strings = (await loadOfflineStrings(lang)) as Record<string, string>;
      assert.deepEqual(Object.keys(strings).sort(), Object.keys(en).sort());
      for (const [k, v] of Object.entries(en)) {
        assert.ok(strings[k]?.trim(), `${lang}.${k}`);
        assert.deepEqual(placeholders(strings[k]!), placeholders(v), `${lang}.${k} placeholders`);
        if (lang !== 'en') assert.notEqual(strings[k], v, `${lang}.${k}: left in English`);
      }
    });
  }

  it('falls back to English for a language without messages', async () => {
    assert.equal(await loadMessages('de'), await loadMessages('en'));
    assert.notEqual(await loadMessages('ar-EG'), await loadMessages('en'));
  });
});
