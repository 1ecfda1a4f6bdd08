// The packager in process: every format of the fixture course, unzipped and checked; manifests validated with
// xmllint-wasm (and with a native xmllint against ../shared/schemas where the machine has both); determinism;
// identifiers across versions; refused assets; invalid manifests.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, readdir, readFile, rm, writeFile} from 'node:fs/promises';
import {zipSync} from 'fflate';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {decodeState, encodeState} from '../../src/course/codec.js';
import {migrateProgress} from '../../src/course/migrate.js';
import type {CompiledCourse, Progress} from '../../src/course/types.js';
import {assemblePackage, courseOfPackage} from '../../src/package/assemble.js';
import {readAiccCsv, readAiccIni} from '../../src/package/aicc.js';
import {PackageError} from '../../src/package/errors.js';
import {FORMATS, type Format} from '../../src/package/formats.js';
import {inspectPackage} from '../../src/package/inspect.js';
import {cmi5Xml, identifiers, scorm12Manifest, tincanXml} from '../../src/package/manifests.js';
import {buildPlayer, type Player} from '../../src/package/player.js';
import {playerKey, readCachedPlayer, writeCachedPlayer} from '../../src/package/player-cache.js';
import {buildPackages, type BuiltPackage} from '../../src/package/release.js';
import {validateAgainstSchema} from '../../src/package/validate-xml.js';
import {attr, findAll, findFirst, parseXml, type XmlElement} from '../../src/package/xml.js';
import {unzipFiles, zipFiles} from '../../src/package/zip.js';
import {BASICS, compiled, copyFixtures, edit, m12, removeTempDirs, ROOT, tempDir} from './helpers.js';

const SHARED_SCHEMAS = join(ROOT, '..', 'shared', 'schemas');
const NATIVE_XMLLINT = ['/usr/bin/xmllint', '/usr/local/bin/xmllint'].find((p) => existsSync(p));

let course: CompiledCourse;
let built: Map<Format, BuiltPackage>;
let files: Map<Format, Map<string, Uint8Array>>;
const players = new Map<Format, Player>();
const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b);

before(async () => {
  course = await compiled(BASICS);
  for (const f of FORMATS) players.set(f, await buildPlayer(f, {outDir: false}));
  const list = await buildPackages([{course, dir: BASICS}], FORMATS, {player: {outDir: false}});
  built = new Map(list.map((b) => [b.entry.format, b]));
  files = new Map(list.map((b) => [b.entry.format, unzipFiles(b.zip)]));
});
after(removeTempDirs);

function manifestOf(format: Format, name: string): XmlElement {
  const xml = files.get(format)!.get(name);
  assert.ok(xml, `${format} package has ${name}`);
  return parseXml(text(xml));
}

describe('every format of the fixture course', () => {
  for (const format of FORMATS) {
    it(`${format}: page, player, course, referenced assets, service worker; no source maps or tests`, () => {
      const pkg = files.get(format)!;
      const player = players.get(format)!;
      const names = [...pkg.keys()];
      assert.deepEqual(names, [...names].sort(), 'entries sorted');
      const page = text(pkg.get('index.html'));
      assert.match(
        page,
        new RegExp(`<script type="module" async src="\\./${player.entry.replace(/[.$]/g, '\\$&')}"></script>`),
      );
      // what the entry loads at once is preloaded beside it: the player, its chunks, the launch's first requests
      const preloaded = [...page.matchAll(/<link rel="modulepreload" href="\.\/([^"]+)" \/>/g)].map((m) => m[1]!);
      const initial = player.initialFiles.filter((n) => n !== player.entry && n !== 'file.js');
      assert.deepEqual([...preloaded].sort(), [...initial].sort(), `${format}: modulepreload of the first download`);
      assert.ok(preloaded.length > 0, `${format}: the player is preloaded`);
      assert.doesNotMatch(page, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script (strict CSP)');
      assert.match(page, /<html lang="en" dir="ltr"/);
      assert.match(page, /<title>ICT basics for managers<\/title>/);
      for (const js of player.files.keys())
        assert.deepEqual(pkg.get(js), player.files.get(js), `${js} is the built player's`);
      // course.json: the structure and the file of each language, which holds that language's content
      const structure = JSON.parse(text(pkg.get('course.json'))) as CompiledCourse;
      assert.deepEqual(structure.content, {});
      assert.deepEqual(structure.contentFiles, {en: 'course.en.json', fr: 'course.fr.json'});
      assert.deepEqual(
        structure.structure!.lessons.map((l) => l.id),
        ['welcome', 'sharing', 'review'],
      );
      assert.ok(!text(pkg.get('course.json')).includes('such as hosting and payroll'), 'no lesson text in course.json');
      // the text of the questions in a file of its own per language: the first lesson does not wait for it
      assert.deepEqual(structure.questionFiles, {en: 'course.en.questions.json', fr: 'course.fr.questions.json'});
      for (const lang of course.languages) {
        const {assessment, ...lessons} = course.content[lang]!;
        assert.deepEqual(JSON.parse(text(pkg.get(`course.${lang}.json`))), lessons, `course.${lang}.json`);
        assert.deepEqual(JSON.parse(text(pkg.get(`course.${lang}.questions.json`))), assessment);
      }
      assert.deepEqual(courseOfPackage(pkg), course);
      // a page opened from a file: the loader (at the end of the page, after the element), the course as a
      // script, the classic player
      assert.match(
        page,
        /<ict-course src="course\.json"><\/ict-course>\s*(<!--[^>]*-->\s*)?<script src="\.\/file\.js"><\/script>/,
      );
      assert.equal(
        text(pkg.get('file.js')),
        `if(location.protocol=="file:")document.write('<script src="course.js"></script><script src="player-file.js"></script>')\n`,
      );
      const script = text(pkg.get('course.js'));
      assert.deepEqual(JSON.parse(script.slice(script.indexOf('=', script.indexOf('c.course')) + 1, -2)), course);
      assert.ok(pkg.has('player-file.js'), 'the classic player');
      assert.doesNotMatch(text(pkg.get('player-file.js')), /\bimport\(|^import |\nexport /, 'one classic script');
      for (const a of course.assets) assert.ok(pkg.has(a), `asset ${a}`);
      assert.deepEqual(
        names.filter((n) => n.startsWith('assets/')),
        course.assets,
        'only the referenced assets',
      );
      assert.ok(
        !names.some((n) => n.endsWith('.map') || /\.test\.|(^|\/)tests?\//.test(n) || n.endsWith('.ts')),
        names.join(' '),
      );
      for (const js of names.filter((n) => n.endsWith('.js'))) {
        assert.doesNotMatch(
          text(pkg.get(js)),
          /sourceMappingURL|\/work\/|node_modules/,
          `${js}: no source map link or absolute path`,
        );
        assert.doesNotMatch(
          text(pkg.get(js)),
          /modulepreload/,
          `${js}: no module-preload helper (the players have nothing to preload)`,
        );
      }
      if (existsSync(join(ROOT, 'src', 'offline', 'sw.ts'))) {
        const sw = text(pkg.get('sw.js'));
        assert.doesNotMatch(sw, /self\.__WB_MANIFEST/, 'the precache list is injected');
        const precached = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1]).sort();
        const fileOnly = ['course.js', 'player-file.js'];
        const browserFiles = names.filter(
          (n) => n !== 'sw.js' && !/\.(xml|xsd|dtd|crs|au|des|cst)$/.test(n) && !fileOnly.includes(n),
        );
        assert.deepEqual(precached, browserFiles, 'sw.js precaches every file the browser loads over HTTP');
        const info = JSON.parse(text(pkg.get('offline.json'))) as {bytes: number; files: number};
        const others = browserFiles.filter((n) => n !== 'offline.json');
        assert.deepEqual(
          info,
          {bytes: others.reduce((sum, n) => sum + pkg.get(n)!.byteLength, 0), files: others.length},
          'offline.json: the download size',
        );
      }
    });

    it(`${format}: the package passes ict validate`, async () => {
      const dir = await tempDir();
      const zip = join(dir, built.get(format)!.entry.file);
      await writeFile(zip, built.get(format)!.zip);
      const r = await inspectPackage(zip);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(r.formats, [format]);
      await rm(dir, {recursive: true});
    });
  }

  it('a SCORM launch downloads the database code (idb, offline/db.ts) only when it needs it; the package holds it', () => {
    // `IDBObjectStore` is named by idb's wrappers; the database module names its stores
    const inDatabaseCode = (js: string): boolean => js.includes('IDBObjectStore') && js.includes('createObjectStore');
    for (const format of ['scorm12', 'scorm2004'] as const) {
      const player = players.get(format)!;
      const initial = player.initialFiles.map((n) => text(player.files.get(n)!)).join('\n');
      assert.equal(inDatabaseCode(initial), false, `${format}: first download ${player.initialFiles.join(', ')}`);
      const later = [...player.files].filter(([n]) => n.endsWith('.js') && !player.initialFiles.includes(n));
      assert.ok(
        later.some(([, b]) => inDatabaseCode(text(b))),
        `${format}: a chunk loaded later holds the database code`,
      );
    }
  });

  it("each package's JavaScript holds its own standard's tracker only", () => {
    // names each standard's code cannot do without, and that no other standard uses
    const markers = {
      scorm12: 'cmi.core.lesson_status',
      scorm2004: 'cmi.completion_status',
      aicc: 'aicc_sid',
      xapi: 'X-Experience-API-Version',
      cmi5: 'LMS.LaunchData',
    };
    const expected: Record<Format, (keyof typeof markers)[]> = {
      scorm12: ['scorm12'],
      scorm2004: ['scorm2004'],
      'scorm2004-3rd': ['scorm2004'],
      aicc: ['aicc'],
      xapi: ['xapi'],
      cmi5: ['xapi', 'cmi5'],
      web: [],
    };
    for (const format of FORMATS) {
      const js = [...files.get(format)!]
        .filter(([n]) => n.endsWith('.js') && n !== 'sw.js')
        .map(([, b]) => text(b))
        .join('\n');
      const found = (Object.keys(markers) as (keyof typeof markers)[]).filter((k) => js.includes(markers[k]));
      assert.deepEqual(found, expected[format], format);
    }
  });

  it('scorm12: imsmanifest.xml with schemaversion 1.2, one SCO, masteryscore 0-100, every file listed, schemas at the root', async () => {
    const pkg = files.get('scorm12')!;
    const m = manifestOf('scorm12', 'imsmanifest.xml');
    assert.equal(findFirst(m, 'schemaversion')!.text, '1.2');
    assert.equal(attr(m, 'identifier'), 'basics');
    assert.equal(attr(m, 'version'), '1.0.0');
    const resources = findAll(m, 'resource');
    assert.equal(resources.length, 1);
    assert.equal(attr(resources[0], 'scormtype'), 'sco');
    assert.equal(attr(resources[0], 'href'), 'index.html');
    assert.equal(findAll(m, 'item').length, 1);
    assert.equal(findFirst(m, 'masteryscore')!.text, '60');
    const listed = findAll(resources[0], 'file').map((f) => attr(f, 'href'));
    const expected = [...pkg.keys()].filter((n) => n !== 'imsmanifest.xml' && !/\.(xsd|dtd)$/.test(n));
    assert.deepEqual(listed, expected);
    for (const xsd of ['imscp_rootv1p1p2.xsd', 'adlcp_rootv1p2.xsd', 'imsmd_rootv1p2p1.xsd', 'ims_xml.xsd'])
      assert.ok(pkg.has(xsd), xsd);
    assert.ok(!pkg.has('all.xsd') && !pkg.has('package.xsd'), 'the project wrappers stay out');
  });

  it('scorm2004: schemaversion 2004 4th Edition, content sets completion and success, primary objective by measure', () => {
    const pkg = files.get('scorm2004')!;
    const m = manifestOf('scorm2004', 'imsmanifest.xml');
    assert.equal(findFirst(m, 'schemaversion')!.text, '2004 4th Edition');
    assert.equal(attr(m, 'identifier'), 'basics');
    const resources = findAll(m, 'resource');
    assert.equal(resources.length, 1);
    assert.equal(attr(resources[0], 'scormType'), 'sco');
    const item = findAll(m, 'item');
    assert.equal(item.length, 1);
    const delivery = findFirst(item[0], 'deliveryControls')!;
    assert.equal(attr(delivery, 'completionSetByContent'), 'true');
    assert.equal(attr(delivery, 'objectiveSetByContent'), 'true');
    const primary = findFirst(item[0], 'primaryObjective')!;
    assert.equal(attr(primary, 'satisfiedByMeasure'), 'true');
    assert.equal(findFirst(primary, 'minNormalizedMeasure')!.text, '0.6');
    const listed = findAll(resources[0], 'file').map((f) => attr(f, 'href'));
    assert.deepEqual(
      listed,
      [...pkg.keys()].filter((n) => n !== 'imsmanifest.xml' && !/\.(xsd|dtd)$/.test(n)),
    );
    for (const xsd of [
      'imscp_v1p1.xsd',
      'adlcp_v1p3.xsd',
      'adlseq_v1p3.xsd',
      'adlnav_v1p3.xsd',
      'imsss_v1p0.xsd',
      'xml.xsd',
    ])
      assert.ok(pkg.has(xsd), xsd);
  });

  it('scorm2004-3rd: the same SCO and sequencing, schemaversion 2004 3rd Edition, the 3rd edition schemas at the root', async () => {
    const pkg = files.get('scorm2004-3rd')!;
    const third = text(pkg.get('imsmanifest.xml'));
    const fourth = text(files.get('scorm2004')!.get('imsmanifest.xml'));
    assert.equal(findFirst(parseXml(third), 'schemaversion')!.text, '2004 3rd Edition');
    assert.equal(third.replace('2004 3rd Edition', '2004 4th Edition'), fourth, 'only the schemaversion differs');
    // the same player: both editions run the one 2004 tracker
    for (const name of players.get('scorm2004')!.files.keys()) assert.ok(pkg.has(name), name);
    // the 3rd edition's ADL CP schema: completionThreshold a decimal, no adlcp:data or sharedDataGlobalToSystem
    const adlcp = text(pkg.get('adlcp_v1p3.xsd'));
    assert.doesNotMatch(adlcp, /sharedDataGlobalToSystem|name = "data"/);
    assert.match(text(files.get('scorm2004')!.get('adlcp_v1p3.xsd')), /sharedDataGlobalToSystem/);
    // a 4th-edition construct is refused by the 3rd edition's schemas, and accepted by the 4th's
    const withMap = third.replace(
      '<imsss:sequencing>',
      '<adlcp:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>\n        <imsss:sequencing>',
    );
    assert.equal((await validateAgainstSchema(withMap, 'scorm2004-3rd', 'imsmanifest.xml')).valid, false);
    assert.equal(
      (
        await validateAgainstSchema(
          withMap.replace('2004 3rd Edition', '2004 4th Edition'),
          'scorm2004',
          'imsmanifest.xml',
        )
      ).valid,
      true,
    );
  });

  it('aicc: the four course structure files of a level 1 course with one AU launching index.html; ict validate reads them', async () => {
    const pkg = files.get('aicc')!;
    for (const ext of ['crs', 'au', 'des', 'cst']) assert.ok(pkg.has(`basics.${ext}`), `basics.${ext}`);
    assert.ok(![...pkg.keys()].some((n) => /\.(xml|xsd)$/.test(n)), 'no SCORM or cmi5 manifest');
    const crs = readAiccIni(text(pkg.get('basics.crs')));
    assert.equal(crs.get('course')!.get('course_id'), 'basics');
    assert.equal(crs.get('course')!.get('course_title'), 'ICT basics for managers');
    assert.equal(crs.get('course')!.get('total_aus'), '1');
    assert.equal(crs.get('course')!.get('level'), '1');
    const [header, au] = readAiccCsv(text(pkg.get('basics.au')));
    const col = (n: string) => au![header!.indexOf(n)];
    assert.equal(col('File_Name'), 'index.html');
    assert.equal(col('Mastery_Score'), '60');
    assert.equal(col('System_ID'), 'A1');
    assert.deepEqual(readAiccCsv(text(pkg.get('basics.cst'))), [
      ['Block', 'Member'],
      ['root', 'A1'],
    ]);
    assert.match(text(pkg.get('basics.au')), /\r\n$/, 'CRLF line ends');
    // a broken AICC package: each problem named with its file
    const dir = await tempDir();
    const broken = new Map(pkg);
    broken.delete('basics.des');
    broken.set(
      'basics.au',
      new TextEncoder().encode(text(pkg.get('basics.au')).replace('"index.html"', '"start.html"')),
    );
    const zip = join(dir, 'broken.zip');
    await writeFile(zip, zipFiles(broken));
    const r = await inspectPackage(zip);
    assert.deepEqual(r.formats, ['aicc']);
    const msgs = r.problems.map((p) => `${p.file ?? ''}: ${p.message}`).join('\n');
    assert.match(msgs, /No \.des file at the package root/);
    assert.match(msgs, /basics\.au: The AU A1 launches start\.html, which is not in the package/);
    await rm(dir, {recursive: true});
  });

  it('cmi5: cmi5.xml with the course IRI, one AU, moveOn from the completion rule, masteryScore, AnyWindow, index.html', () => {
    const m = manifestOf('cmi5', 'cmi5.xml');
    assert.equal(attr(findFirst(m, 'course')!, 'id'), course.iri);
    const aus = findAll(m, 'au');
    assert.equal(aus.length, 1);
    assert.equal(attr(aus[0], 'id'), identifiers(course).auIri);
    assert.equal(attr(aus[0], 'moveOn'), 'CompletedAndPassed');
    assert.equal(attr(aus[0], 'masteryScore'), '0.6');
    assert.equal(attr(aus[0], 'launchMethod'), 'AnyWindow');
    assert.equal(findFirst(aus[0], 'url')!.text, 'index.html');
    const titles = findAll(findFirst(m, 'course')!, 'langstring').map((l) => attr(l, 'lang'));
    assert.deepEqual(titles, ['en', 'fr', 'en', 'fr'], 'title and description in every language');
  });

  it('xapi: tincan.xml names the course activity and launches index.html', () => {
    const m = manifestOf('xapi', 'tincan.xml');
    const activity = findFirst(m, 'activity')!;
    assert.equal(attr(activity, 'id'), course.iri);
    assert.equal(attr(activity, 'type'), 'http://adlnet.gov/expapi/activities/course');
    assert.equal(findFirst(activity, 'launch')!.text, 'index.html');
  });

  it('web: no LMS manifest; an installable app (web app manifest, icon, linked from the page)', () => {
    const pkg = files.get('web')!;
    const names = [...pkg.keys()];
    assert.ok(!names.some((n) => /\.(xml|xsd)$/.test(n)), names.join(' '));
    const manifest = JSON.parse(text(pkg.get('manifest.webmanifest'))) as {
      name: string;
      lang: string;
      start_url: string;
      scope: string;
      display: string;
      icons: {src: string}[];
    };
    assert.equal(manifest.name, 'ICT basics for managers');
    assert.equal(manifest.lang, 'en');
    assert.equal(manifest.start_url, './index.html');
    assert.equal(manifest.scope, './');
    assert.equal(manifest.display, 'standalone');
    assert.ok(manifest.icons.length > 0);
    for (const icon of manifest.icons) assert.ok(pkg.has(icon.src), icon.src);
    assert.match(text(pkg.get('index.html')), /<link rel="manifest" href="manifest\.webmanifest">/);
    for (const f of ['scorm12', 'scorm2004', 'xapi', 'cmi5'] as const) {
      assert.ok(!files.get(f)!.has('manifest.webmanifest'), `${f}: an LMS launch is not an app`);
      assert.doesNotMatch(text(files.get(f)!.get('index.html')), /rel="manifest"/);
    }
  });

  it('every manifest is valid against its schema (xmllint-wasm)', async () => {
    for (const [format, name, set] of [
      ['scorm12', 'imsmanifest.xml', 'scorm12'],
      ['scorm2004', 'imsmanifest.xml', 'scorm2004'],
      ['scorm2004-3rd', 'imsmanifest.xml', 'scorm2004-3rd'],
      ['cmi5', 'cmi5.xml', 'cmi5'],
    ] as const) {
      const r = await validateAgainstSchema(text(files.get(format)!.get(name)), set, name);
      assert.deepEqual(r.problems, [], format);
      assert.equal(r.valid, true);
    }
  });

  it('every manifest is valid with a native xmllint against ../shared/schemas (where both exist)', async (t) => {
    if (!NATIVE_XMLLINT || !existsSync(SHARED_SCHEMAS))
      return t.skip('no native xmllint or ../shared/schemas on this machine');
    const xmllint: string = NATIVE_XMLLINT;
    const dir = await tempDir();
    for (const [format, name, schema] of [
      ['scorm12', 'imsmanifest.xml', 'scorm12/all.xsd'],
      ['scorm2004', 'imsmanifest.xml', 'scorm2004-4th/all.xsd'],
      ['cmi5', 'cmi5.xml', 'cmi5/CourseStructure.xsd'],
    ] as const) {
      const file = join(dir, `${format}-${name}`);
      await writeFile(file, files.get(format)!.get(name)!);
      const r = spawnSync(xmllint, ['--nonet', '--noout', '--schema', join(SHARED_SCHEMAS, schema), file], {
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, `${format}: ${r.stderr}`);
      assert.match(r.stderr, /validates/);
    }
    await rm(dir, {recursive: true});
  });

  it('the same sources give byte-identical zips', async () => {
    const again = await buildPackages([{course: await compiled(BASICS), dir: BASICS}], FORMATS, {
      player: {outDir: false},
    });
    for (const b of again) assert.equal(b.entry.sha256, built.get(b.entry.format)!.entry.sha256, b.entry.format);
  });
});

describe('manifest values', () => {
  it('cmi5 moveOn follows the completion rule; SCORM 1.2 masteryscore is mastery x 100', () => {
    const rule = (completion: CompiledCourse['settings']['completion']) =>
      attr(findFirst(parseXml(cmi5Xml({...course, settings: {...course.settings, completion}})), 'au')!, 'moveOn');
    assert.equal(rule('lessons'), 'Completed');
    assert.equal(rule('pass'), 'Passed');
    assert.equal(rule('lessons-and-pass'), 'CompletedAndPassed');
    const mastery = (m: number) =>
      findFirst(
        parseXml(scorm12Manifest({...course, settings: {...course.settings, masteryScore: m}}, ['index.html'])),
        'masteryscore',
      )!.text;
    assert.equal(mastery(0.8), '80');
    assert.equal(mastery(0.675), '67.5');
    assert.equal(mastery(0.57), '57');
    assert.equal(mastery(1), '100');
  });

  it('text with markup characters is escaped, and the result still validates', async () => {
    const tricky: CompiledCourse = {
      ...course,
      content: {...course.content, en: {...course.content.en!, title: 'R&D <ICT> "quotes" \'apos\''}},
    };
    const xml = tincanXml(tricky);
    assert.equal(findFirst(findFirst(parseXml(xml), 'activity')!, 'name')!.text, 'R&D <ICT> "quotes" \'apos\'');
    const r = await validateAgainstSchema(cmi5Xml(tricky), 'cmi5', 'cmi5.xml');
    assert.deepEqual(r.problems, []);
  });

  it('a version too long for a SCORM 1.2 manifest is refused before anything is built', async () => {
    const long: CompiledCourse = {...course, version: '1.0.0-prerelease.alpha.12345'};
    await assert.rejects(
      buildPackages([{course: long, dir: BASICS}], ['web', 'scorm12'], {player: {outDir: false}}),
      (e: unknown) => {
        assert.ok(e instanceof PackageError);
        assert.equal(e.code, 'invalid-version');
        assert.match(e.format(), /longer than the 20 characters a SCORM 1.2 manifest allows/);
        return true;
      },
    );
    const others = await buildPackages([{course: long, dir: BASICS}], ['scorm2004'], {player: {outDir: false}});
    assert.equal(others[0].entry.file, 'basics-1.0.0-prerelease.alpha.12345-scorm2004.zip');
  });

  it('a manifest the schema rejects fails the package with the validator message', async () => {
    // SCORM 1.2 allows at most 20 characters in the manifest version attribute
    const long: CompiledCourse = {...course, version: '1.0.0-prerelease.alpha.12345'};
    await assert.rejects(assemblePackage(long, BASICS, 'scorm12', players.get('scorm12')!), (e: unknown) => {
      assert.ok(e instanceof PackageError);
      assert.equal(e.code, 'manifest-invalid');
      assert.equal(e.exitCode, 1);
      assert.match(e.format(), /imsmanifest\.xml:\d+: .*version/);
      return true;
    });
    const bad = await validateAgainstSchema(
      text(files.get('scorm2004')!.get('imsmanifest.xml')).replace(
        'completionSetByContent="true"',
        'completionSetByContent="yes"',
      ),
      'scorm2004',
      'imsmanifest.xml',
    );
    assert.equal(bad.valid, false);
    assert.match(bad.problems[0].message, /completionSetByContent.*'yes'.*boolean/);
  });
});

describe('assets', () => {
  it('an asset over the course limit is refused with the file, its size and what to do', async () => {
    const small: CompiledCourse = {...course, settings: {...course.settings, maxAssetBytes: 100}};
    await assert.rejects(assemblePackage(small, BASICS, 'web', players.get('web')!), (e: unknown) => {
      assert.ok(e instanceof PackageError);
      assert.equal(e.code, 'asset-too-large');
      assert.equal(e.exitCode, 1);
      const msg = e.format();
      assert.match(msg, /assets\/offices\.svg: \d+ B, over the course's limit of 100 B/);
      assert.match(msg, /max-asset-kb/);
      return true;
    });
  });

  it('a missing asset and a path outside the course are refused', async () => {
    const broken: CompiledCourse = {...course, assets: ['../secret.txt', 'assets/missing.png', ...course.assets]};
    await assert.rejects(assemblePackage(broken, BASICS, 'web', players.get('web')!), (e: unknown) => {
      assert.ok(e instanceof PackageError);
      const msg = e.format();
      assert.match(msg, /\.\.\/secret\.txt: not a relative path inside the course folder/);
      assert.match(msg, /assets\/missing\.png: the course references this asset but the file is missing/);
      return true;
    });
  });
});

describe('versions', () => {
  it('a new version with an added lesson keeps every identifier LMSs key on; saved progress resumes', async () => {
    const courses = await copyFixtures();
    const dir = join(courses, 'basics');
    await edit(join(dir, 'course.yaml'), /^version: 1\.0\.0$/m, 'version: 1.1.0');
    await writeFile(
      join(dir, 'lessons', '04-next.md'),
      '---\nid: next-steps\ntitle: Next steps\n---\nPlan your next step.\n',
    );
    await mkdir(join(dir, 'fr', 'lessons'), {recursive: true});
    await writeFile(
      join(dir, 'fr', 'lessons', '04-next.md'),
      '---\nid: next-steps\ntitle: Étapes suivantes\n---\nPrévoyez la suite.\n',
    );
    const v2 = await compiled(dir);
    assert.equal(v2.version, '1.1.0');
    assert.equal(v2.content.en!.lessons.length, course.content.en!.lessons.length + 1);

    const next = new Map(
      (
        await buildPackages([{course: v2, dir}], ['scorm12', 'scorm2004', 'cmi5', 'xapi'], {player: {outDir: false}})
      ).map((b) => [b.entry.format, unzipFiles(b.zip)]),
    );
    const read = (f: Format, name: string) => parseXml(text(next.get(f)!.get(name)));
    for (const f of ['scorm12', 'scorm2004'] as const) {
      const [a, b] = [manifestOf(f, 'imsmanifest.xml'), read(f, 'imsmanifest.xml')];
      assert.equal(attr(b, 'identifier'), attr(a, 'identifier'), `${f} manifest identifier`);
      assert.deepEqual(
        findAll(b, 'item').map((i) => attr(i, 'identifier')),
        findAll(a, 'item').map((i) => attr(i, 'identifier')),
      );
      assert.deepEqual(
        findAll(b, 'resource').map((i) => attr(i, 'identifier')),
        findAll(a, 'resource').map((i) => attr(i, 'identifier')),
      );
      assert.equal(attr(b, 'version'), '1.1.0');
    }
    assert.equal(
      attr(findFirst(read('cmi5', 'cmi5.xml'), 'course')!, 'id'),
      attr(findFirst(manifestOf('cmi5', 'cmi5.xml'), 'course')!, 'id'),
    );
    assert.equal(
      attr(findFirst(read('cmi5', 'cmi5.xml'), 'au')!, 'id'),
      attr(findFirst(manifestOf('cmi5', 'cmi5.xml'), 'au')!, 'id'),
    );
    assert.equal(attr(findFirst(read('xapi', 'tincan.xml'), 'activity')!, 'id'), course.iri);

    // progress saved by 1.0.0 (suspend data) resumes in 1.1.0
    const lessons = course.content.en!.lessons.map((l) => l.id);
    const saved: Progress = {
      location: lessons[1],
      visited: lessons.slice(0, 2),
      attempt: null,
      attemptsUsed: 0,
      score: null,
      choices: {},
      updated: 1700000000000,
    };
    const decoded = decodeState(encodeState(saved, course.version, course.id), course.id);
    assert.equal(decoded.courseVersion, '1.0.0');
    const resumed = migrateProgress(decoded.progress, v2);
    assert.equal(resumed.location, lessons[1]);
    assert.deepEqual(resumed.visited, lessons.slice(0, 2));
    await rm(courses, {recursive: true, force: true});
  });

  it('a new version without a lesson resumes where the learner was, minus the removed lesson', async () => {
    const courses = await copyFixtures();
    const dir = join(courses, 'basics');
    const removed = course.content.en!.lessons[1].id;
    await edit(join(dir, 'course.yaml'), /^version: 1\.0\.0$/m, 'version: 2.0.0');
    // lesson 2 is gone in both languages (nothing else refers to it in the fixture)
    for (const p of ['lessons', join('fr', 'lessons')]) {
      const name = (await readFile(join(BASICS, p, '02-sharing.md'), 'utf8')).includes(`id: ${removed}`)
        ? '02-sharing.md'
        : '';
      assert.ok(name, `the fixture's second lesson is ${removed}`);
      await rm(join(dir, p, name));
    }
    const r = await import('../../src/compile/index.js').then((m) => m.compileCourse(dir));
    assert.ok(r.ok, r.ok ? '' : r.problems.map((p) => p.message).join('\n'));
    const v2 = r.course;
    const [a, b] = [
      parseXml(text(files.get('scorm2004')!.get('imsmanifest.xml'))),
      parseXml(
        text(
          unzipFiles((await buildPackages([{course: v2, dir}], ['scorm2004'], {player: {outDir: false}}))[0].zip).get(
            'imsmanifest.xml',
          ),
        ),
      ),
    ];
    assert.equal(attr(b, 'identifier'), attr(a, 'identifier'));
    const lessons = course.content.en!.lessons.map((l) => l.id);
    const saved: Progress = {
      location: removed,
      visited: lessons.slice(0, 2),
      attempt: null,
      attemptsUsed: 0,
      score: null,
      choices: {},
      updated: 1700000000000,
    };
    const resumed = migrateProgress(decodeState(encodeState(saved, '1.0.0', course.id), course.id).progress, v2);
    assert.deepEqual(resumed.visited, [lessons[0]]);
    assert.ok(resumed.location !== removed && resumed.location !== null);
    await rm(courses, {recursive: true, force: true});
  });
});

describe('ict validate on packages that are not ours', () => {
  async function zipOf(entries: Record<string, string>): Promise<string> {
    const dir = await tempDir();
    const path = join(dir, 'p.zip');
    await writeFile(path, zipFiles(new Map(Object.entries(entries).map(([k, v]) => [k, new TextEncoder().encode(v)]))));
    return path;
  }

  it('finds missing files, a missing launch file and a masteryscore out of range', async () => {
    const r = await inspectPackage(
      await zipOf({'imsmanifest.xml': m12('<file href="index.html"/><file href="gone.js"/>', '120')}),
    );
    assert.deepEqual(r.formats, ['scorm12']);
    const msgs = r.problems
      .filter((p) => p.level === 'error')
      .map((p) => p.message)
      .join('\n');
    assert.match(msgs, /launch file index\.html .* not in the package/);
    assert.match(msgs, /<file href="gone\.js"> is not in the package/);
    assert.match(msgs, /masteryscore "120" is not a number from 0 to 100/);
    assert.equal(r.ok, false);
  });

  it('accepts a valid SCORM 1.2 package of another tool, inline IMS metadata included', async () => {
    const lom =
      '<imsmd:lom xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"><imsmd:general><imsmd:title><imsmd:langstring xml:lang="en">T</imsmd:langstring></imsmd:title></imsmd:general></imsmd:lom>';
    const manifest = m12('<file href="index.html"/><file href="a b.js"/>').replace(
      '<schemaversion>1.2</schemaversion>',
      `<schemaversion>1.2</schemaversion>${lom}`,
    );
    const r = await inspectPackage(
      await zipOf({'imsmanifest.xml': manifest, 'index.html': '<!doctype html>', 'a b.js': ''}),
    );
    assert.deepEqual(
      r.problems.map((p) => p.level + ': ' + p.message),
      [
        'warning: 1 file name(s) with spaces, non-ASCII or URL characters (a b.js): some LMSs and web servers fail to serve them.',
      ],
    );
    assert.equal(r.ok, true);
    assert.deepEqual(r.formats, ['scorm12']);
  });

  it('reports schema errors, a manifest in a subfolder, cmi5 AU urls', async () => {
    const invalid = await inspectPackage(
      await zipOf({
        'imsmanifest.xml': m12('<file href="index.html"/>').replace('adlcp:scormtype="sco"', 'adlcp:scormtype="scorm"'),
        'index.html': '',
      }),
    );
    assert.match(invalid.problems.map((p) => p.message).join('\n'), /Not valid against the schema: .*scormtype/);
    const nested = await inspectPackage(
      await zipOf({'course/imsmanifest.xml': m12('<file href="index.html"/>'), 'course/index.html': ''}),
    );
    assert.match(nested.problems[0].message, /not at the package root/);
    const cmi5 = await inspectPackage(
      await zipOf({
        'cmi5.xml': cmi5Xml(course).replace('<url>index.html</url>', '<url>start.html?x=1</url>'),
        'index.html': '',
      }),
    );
    assert.deepEqual(cmi5.formats, ['cmi5']);
    assert.match(
      cmi5.problems.map((p) => p.message).join('\n'),
      /launches start\.html\?x=1, which is not in the package/,
    );
  });

  it('refuses unsafe zip entry paths', async () => {
    // fflate writes whatever names it is given (our zipFiles refuses them): an unsafe zip made by another tool
    const path = join(await tempDir(), 'unsafe.zip');
    const empty = new Uint8Array();
    await writeFile(path, zipSync({'index.html': empty, '../evil.js': empty, '/abs.js': empty, 'a\\b.js': empty}));
    const r = await inspectPackage(path);
    const msgs = r.problems.map((p) => `${p.file}: ${p.message}`).join('\n');
    assert.match(msgs, /\.\.\/evil\.js: Unsafe zip entry path \(goes up with \.\.\)/);
    assert.match(msgs, /\/abs\.js: Unsafe zip entry path \(absolute path\)/);
    assert.match(msgs, /a\\b\.js: Unsafe zip entry path \(backslash/);
    assert.equal(r.ok, false);
  });
});

describe('the built player on disk', () => {
  it('writers of the same player at once leave one whole player and nothing else (two `ict package` runs)', async () => {
    const out = await tempDir();
    const players = await Promise.all(Array.from({length: 6}, () => buildPlayer('web', {outDir: out, fresh: true})));
    const dir = join(out, 'web');
    const names = (await readdir(dir, {recursive: true, withFileTypes: true}))
      .filter((e) => e.isFile())
      .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
      .sort();
    assert.deepEqual(names, [...players[0]!.files.keys(), 'index.html'].sort(), 'the whole player, once');
    assert.deepEqual(await readdir(out), ['web'], 'no temporary or old folder left');
  });
});

describe('the player cache (ICT_PLAYER_CACHE)', () => {
  it('keys a player on its inputs: any change to the sources is another key', async () => {
    const root = await tempDir();
    await mkdir(join(root, 'src', 'entries'), {recursive: true});
    await writeFile(join(root, 'src', 'entries', 'web.ts'), 'export const a = 1;\n');
    const first = await playerKey(root, root);
    assert.equal(await playerKey(root, root), first, 'the same inputs, the same key');
    await writeFile(join(root, 'src', 'entries', 'web.ts'), 'export const a = 2;\n');
    assert.notEqual(await playerKey(root, root), first, 'an edited source');
    await writeFile(join(root, 'src', 'new.ts'), '\n');
    const withNew = await playerKey(root, root);
    await writeFile(join(root, 'package-lock.json'), '{}');
    assert.notEqual(await playerKey(root, root), withNew, 'another lockfile');
  });

  it('gives back the player it kept, file for file; an entry of another key is not found', async () => {
    const dir = await tempDir();
    const player = players.get('scorm12')!;
    await writeCachedPlayer(dir, 'k1', player);
    await writeCachedPlayer(dir, 'k1', player); // kept once; a second writer leaves it
    const back = await readCachedPlayer(dir, 'k1', 'scorm12', player.root);
    assert.ok(back);
    assert.deepEqual([...back.files], [...player.files]);
    assert.deepEqual({...back, files: undefined}, {...player, files: undefined});
    assert.equal(await readCachedPlayer(dir, 'k2', 'scorm12', player.root), null);
    assert.deepEqual(await readdir(dir), ['k1-scorm12'], 'no temporary folder left');
  });
});
