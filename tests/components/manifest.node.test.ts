// custom-elements.json is generated from the components' JSDoc (`npm run manifest`) and committed: it must match
// the source. The analyzer runs again into a temporary folder and the two are compared.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('custom-elements.json is up to date with the source (run `npm run manifest` after changing a component)', () => {
  const out = mkdtempSync(join(tmpdir(), 'ict-cem-'));
  try {
    // the analyzer joins --outdir to the working directory, even an absolute one
    execFileSync(
      join(ROOT, 'node_modules', '.bin', 'cem'),
      ['analyze', '--globs', 'src/components/**/*.ts', '--outdir', relative(ROOT, out)],
      {cwd: ROOT, stdio: 'pipe'},
    );
    const fresh = JSON.parse(readFileSync(join(out, 'custom-elements.json'), 'utf8'));
    const committed = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
    assert.deepEqual(committed, fresh, 'custom-elements.json is out of date: run `npm run manifest` and commit it');
  } finally {
    rmSync(out, {recursive: true, force: true});
  }
});

test('the manifest documents <ict-course>: attributes, events with their classes, parts and custom properties', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'custom-elements.json'), 'utf8'));
  const el = manifest.modules.flatMap((m: any) => m.declarations ?? []).find((d: any) => d.tagName === 'ict-course');
  assert.ok(el, 'ict-course is in the manifest');
  const names = (list: any[] | undefined) => (list ?? []).map((x) => x.name).sort();
  assert.deepEqual(names(el.attributes), ['embedded', 'lang', 'src', 'theme', 'tracking']);
  assert.deepEqual((el.events ?? []).map((e: any) => `${e.name}:${e.type?.text}`).sort(), [
    'ict-complete:IctCompleteEvent',
    'ict-error:IctErrorEvent',
    'ict-progress:IctProgressEvent',
    'ict-saved:IctSavedEvent',
  ]);
  for (const part of ['header', 'toc', 'lesson', 'question', 'feedback', 'certificate', 'error'])
    assert.ok(names(el.cssParts).includes(part), `part ${part}`);
  for (const p of ['--ict-color-primary', '--ict-color-header', '--ict-font-family', '--ict-color-focus'])
    assert.ok(names(el.cssProperties).includes(p), p);
  assert.ok(
    el.cssProperties.every((p: any) => p.description),
    'every custom property is described',
  );
});
