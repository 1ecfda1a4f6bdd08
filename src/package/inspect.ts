/**
 * `ict validate`: checks any package (a zip or an unpacked folder, ours or another tool's) the way an LMS would on
 * upload, and says what it would reject: which format it is, whether the manifest is valid against its schema,
 * whether every file the manifest names exists, the launch file, value ranges LMSs check, and zip entry paths.
 */
import {lstat, readdir, readFile} from 'node:fs/promises';
import {join, posix} from 'node:path';
import {unzipSync} from 'fflate';
import {aiccRootFiles, checkAicc} from './inspect-aicc.js';
import type {Format} from './formats.js';
import {NS} from './manifests.js';
import {checkWellFormed, validateAgainstSchema, type SchemaSet} from './validate-xml.js';
import {attr, findAll, findFirst, parseXml, XmlSyntaxError, type XmlElement} from './xml.js';

export interface InspectProblem {
  /** `error`: an LMS would reject the package or the launch would fail; `warning`: accepted, but worth fixing */
  level: 'error' | 'warning';
  message: string;
  /** the package file concerned (path inside the package) */
  file?: string;
  line?: number;
  column?: number;
}

export interface Inspection {
  path: string;
  kind: 'zip' | 'folder';
  /** formats recognised from the manifests present (several when a package carries more than one) */
  formats: Format[];
  /** files in the package */
  files: string[];
  problems: InspectProblem[];
  /** true when there is no error */
  ok: boolean;
}

/** Reads and checks the package at `path` (a `.zip` file or a folder). Never throws for a bad package. */
export async function inspectPackage(path: string): Promise<Inspection> {
  const problems: InspectProblem[] = [];
  const st = await lstat(path);
  const kind = st.isDirectory() ? 'folder' : 'zip';
  const files = kind === 'zip' ? await readZip(path, problems) : await readFolder(path, problems);
  const formats: Format[] = [];
  const result = (): Inspection => ({
    path,
    kind,
    formats,
    files: [...files.keys()].sort(),
    problems,
    ok: !problems.some((p) => p.level === 'error'),
  });
  if (!files.size) {
    if (!problems.length) problems.push({level: 'error', message: 'The package is empty.'});
    return result();
  }
  const awkward = [...files.keys()].filter((f) => /[^A-Za-z0-9._\-/]/.test(f));
  if (awkward.length) {
    problems.push({
      level: 'warning',
      message: `${awkward.length} file name(s) with spaces, non-ASCII or URL characters (${awkward.slice(0, 3).join(', ')}${awkward.length > 3 ? ', …' : ''}): some LMSs and web servers fail to serve them.`,
    });
  }
  const text = (name: string) => new TextDecoder().decode(files.get(name));

  if (files.has('imsmanifest.xml')) {
    const f = await checkScorm(text('imsmanifest.xml'), files, problems);
    if (f) formats.push(f);
  }
  if (files.has('cmi5.xml')) {
    formats.push('cmi5');
    await checkCmi5(text('cmi5.xml'), files, problems);
  }
  if (files.has('tincan.xml')) {
    formats.push('xapi');
    checkTincan(text('tincan.xml'), files, problems);
  }
  if (aiccRootFiles(files).size) {
    formats.push('aicc');
    checkAicc(files, problems, packagePath);
  }
  // a manifest at the root that could not be read has said what is wrong with it
  const rootManifest = ['imsmanifest.xml', 'cmi5.xml', 'tincan.xml'].some((f) => files.has(f));
  if (!formats.length && !rootManifest) {
    const nested = [...files.keys()].filter((f) => /\/((imsmanifest|cmi5|tincan)\.xml|[^/]+\.crs)$/i.test(f));
    const schemas = [...files.keys()].filter((f) => SCORM_SCHEMA.test(f));
    if (nested.length) {
      problems.push({
        level: 'error',
        file: nested[0],
        message: `The manifest is not at the package root (found ${nested.join(', ')}). LMSs look only at the root: zip the package's contents, not the folder that holds them.`,
      });
    } else if (schemas.length) {
      problems.push({
        level: 'error',
        message: `SCORM schema files (${schemas.slice(0, 3).join(', ')}${schemas.length > 3 ? ', …' : ''}) but no imsmanifest.xml at the package root: a SCORM package without its manifest, which no LMS can import. Put imsmanifest.xml back at the root of the zip.`,
      });
    } else if (files.has('index.html')) {
      formats.push('web');
    } else {
      problems.push({
        level: 'error',
        message:
          'No manifest (imsmanifest.xml, cmi5.xml, tincan.xml, AICC .crs) and no index.html at the package root: this is not a package any LMS or web server can launch.',
      });
    }
  }
  return result();
}

/** The XML schemas a SCORM 1.2 or 2004 package carries beside its manifest. */
const SCORM_SCHEMA =
  /(^|\/)(imscp_rootv1p1p2|adlcp_rootv1p2|ims_xml|imsmd_rootv1p2p1|imscp_v1p1|adlcp_v1p3|adlseq_v1p3|adlnav_v1p3|imsss_v1p0[a-z]*)\.xsd$/i;

// ---------------------------------------------------------------------------------------------------------------
// Reading

const MAX_ENTRIES = 10_000;

async function readZip(path: string, problems: InspectProblem[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(new Uint8Array(await readFile(path)));
  } catch (e) {
    problems.push({level: 'error', message: `Not a readable zip file (${(e as Error).message}).`});
    return out;
  }
  const names = Object.keys(entries);
  if (names.length > MAX_ENTRIES)
    problems.push({
      level: 'warning',
      message: `${names.length} entries: some LMSs refuse packages with this many files.`,
    });
  for (const name of names.sort()) {
    const why = unsafeEntry(name);
    if (why) {
      problems.push({
        level: 'error',
        file: name,
        message: `Unsafe zip entry path (${why}): LMSs refuse such packages, and unpacking it could write outside its folder.`,
      });
      continue;
    }
    if (name.endsWith('/')) continue;
    if (name.startsWith('__MACOSX/') || name.endsWith('/.DS_Store') || name === '.DS_Store') {
      problems.push({level: 'warning', file: name, message: 'Operating-system clutter in the zip; remove it.'});
    }
    out.set(name, entries[name]);
  }
  return out;
}

/** Why a zip entry name is unsafe, or null. */
export function unsafeEntry(name: string): string | null {
  if (name.includes('\\')) return 'backslash; zip paths use /';
  if (name.startsWith('/')) return 'absolute path';
  if (/^[A-Za-z]:/.test(name)) return 'drive letter';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(name)) return 'control character';
  const segs = name.replace(/\/$/, '').split('/');
  if (segs.includes('..')) return 'goes up with ..';
  if (segs.some((s) => s === '' || s === '.')) return 'empty or . segment';
  return null;
}

async function readFolder(root: string, problems: InspectProblem[]): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const e of (await readdir(dir, {withFileTypes: true})).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = prefix + e.name;
      if (e.isSymbolicLink()) {
        problems.push({
          level: 'warning',
          file: rel,
          message: 'Symbolic link: a zip of this folder will not carry it as the same file.',
        });
      } else if (e.isDirectory()) {
        await walk(join(dir, e.name), `${rel}/`);
      } else if (e.isFile()) {
        if (out.size >= MAX_ENTRIES) return;
        out.set(rel, new Uint8Array(await readFile(join(dir, e.name))));
      }
    }
  };
  await walk(root, '');
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Shared

/** A package-relative reference (`href`, `url`) resolved to a package path, or null for an absolute URL. */
function packagePath(ref: string, base = ''): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('//')) return null;
  const noQuery = ref.replace(/[?#].*$/, '');
  let decoded = noQuery;
  try {
    decoded = decodeURIComponent(noQuery);
  } catch {
    // keep it as written
  }
  return posix.normalize(posix.join(base, decoded)).replace(/^\.\//, '');
}

async function schemaCheck(xml: string, set: SchemaSet, file: string, problems: InspectProblem[]): Promise<boolean> {
  const r = await validateAgainstSchema(xml, set, file);
  for (const p of r.problems) {
    problems.push({
      level: 'error',
      file,
      ...(p.line ? {line: p.line} : {}),
      message: `Not valid against the schema: ${p.message}`,
    });
  }
  return r.valid;
}

function parse(xml: string, file: string, problems: InspectProblem[]): XmlElement | null {
  try {
    return parseXml(xml);
  } catch (e) {
    if (!(e instanceof XmlSyntaxError)) throw e;
    problems.push({
      level: 'error',
      file,
      line: e.line,
      column: e.column,
      message: `Not well-formed XML: ${e.message.replace(/^line \d+: /, '')}.${xml.trim() ? '' : ' The file is empty.'}`,
    });
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// SCORM

async function checkScorm(
  xml: string,
  files: Map<string, Uint8Array>,
  problems: InspectProblem[],
): Promise<Format | null> {
  const file = 'imsmanifest.xml';
  const root = parse(xml, file, problems);
  if (!root) return null;
  const schemaversion = findFirst(root, 'schemaversion')?.text.trim() ?? '';
  let format: 'scorm12' | 'scorm2004' | 'scorm2004-3rd';
  if (root.ns === NS.imscp12 || schemaversion === '1.2') format = 'scorm12';
  else if (root.ns === NS.imscp) format = schemaversion === '2004 4th Edition' ? 'scorm2004' : 'scorm2004-3rd';
  else {
    problems.push({
      level: 'error',
      file,
      message: `Unknown manifest namespace ${JSON.stringify(root.ns)}: not SCORM 1.2 (${NS.imscp12}) or 2004 (${NS.imscp}).`,
    });
    return null;
  }
  if (format === 'scorm12' && schemaversion !== '1.2') {
    problems.push({
      level: 'error',
      file,
      message: `<schemaversion> is ${JSON.stringify(schemaversion)}; SCORM 1.2 LMSs expect "1.2".`,
    });
  }
  if (format === 'scorm2004-3rd' && !['2004 3rd Edition', 'CAM 1.3'].includes(schemaversion)) {
    problems.push({
      level: 'error',
      file,
      message: `<schemaversion> is ${JSON.stringify(schemaversion)}; SCORM 2004 LMSs expect "2004 4th Edition" or "2004 3rd Edition" ("CAM 1.3" for the 2nd).`,
    });
  }
  // a 2nd-edition ("CAM 1.3") manifest is checked against the 3rd edition's schemas, the nearest the project carries
  const schemaOk = await schemaCheck(xml, format, file, problems);
  if (schemaversion === 'CAM 1.3' && !schemaOk) {
    problems.push({
      level: 'warning',
      file,
      message: 'Checked against the SCORM 2004 3rd Edition schemas; the 2nd edition ("CAM 1.3") may differ in details.',
    });
  }

  // organizations and items
  const orgs = findAll(root, 'organization', root.ns);
  const defaultOrg = attr(findFirst(root, 'organizations', root.ns) ?? root, 'default');
  if (!orgs.length) problems.push({level: 'error', file, message: 'No <organization>: the LMS has nothing to launch.'});
  if (defaultOrg && !orgs.some((o) => attr(o, 'identifier') === defaultOrg)) {
    problems.push({level: 'error', file, message: `<organizations default="${defaultOrg}"> names no organization.`});
  }
  const resources = new Map(findAll(root, 'resource', root.ns).map((r) => [attr(r, 'identifier') ?? '', r]));
  const items = orgs.flatMap((o) => findAll(o, 'item', root.ns));
  let launchable = 0;
  for (const item of items) {
    const ref = attr(item, 'identifierref');
    if (!ref) continue;
    const res = resources.get(ref);
    if (!res) {
      problems.push({
        level: 'error',
        file,
        line: item.line,
        message: `<item identifierref="${ref}"> names no resource.`,
      });
      continue;
    }
    const href = attr(res, 'href');
    if (!href) {
      problems.push({
        level: 'error',
        file,
        line: res.line,
        message: `The resource ${ref} launched by an item has no href.`,
      });
      continue;
    }
    launchable++;
    const base = attr(res, 'base', 'http://www.w3.org/XML/1998/namespace') ?? '';
    const p = packagePath(href, base);
    if (p !== null && !files.has(p)) {
      problems.push({
        level: 'error',
        file,
        line: res.line,
        message: `The launch file ${href} of resource ${ref} is not in the package.`,
      });
    }
  }
  if (orgs.length && !launchable)
    problems.push({level: 'error', file, message: 'No item launches a resource: the LMS has nothing to open.'});

  // resources: scorm type and files
  const listed = new Set<string>();
  for (const [id, res] of resources) {
    const scormType = format === 'scorm12' ? attr(res, 'scormtype', NS.adlcp12) : attr(res, 'scormType', NS.adlcp);
    if (!scormType) {
      problems.push({
        level: 'error',
        file,
        line: res.line,
        message: `The resource ${id} has no ${format === 'scorm12' ? 'adlcp:scormtype' : 'adlcp:scormType'} ("sco" or "asset").`,
      });
    }
    const base = attr(res, 'base', 'http://www.w3.org/XML/1998/namespace') ?? '';
    for (const f of findAll(res, 'file', root.ns)) {
      const href = attr(f, 'href') ?? '';
      const p = packagePath(href, base);
      if (p === null) continue;
      listed.add(p);
      if (!files.has(p))
        problems.push({level: 'error', file, line: f.line, message: `<file href="${href}"> is not in the package.`});
    }
  }
  const unlisted = [...files.keys()].filter((f) => f !== file && !listed.has(f) && !/^[^/]+\.(xsd|dtd)$/.test(f));
  if (listed.size && unlisted.length) {
    problems.push({
      level: 'warning',
      file,
      message: `${unlisted.length} file(s) in the package are not listed in any resource (${unlisted.slice(0, 5).join(', ')}${unlisted.length > 5 ? ', …' : ''}); some LMSs do not serve unlisted files.`,
    });
  }

  // value ranges LMSs check
  if (format === 'scorm12') {
    for (const m of findAll(root, 'masteryscore', NS.adlcp12)) {
      const n = Number(m.text.trim());
      if (m.text.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
        problems.push({
          level: 'error',
          file,
          line: m.line,
          message: `adlcp:masteryscore ${JSON.stringify(m.text.trim())} is not a number from 0 to 100.`,
        });
      } else if (n > 0 && n <= 1) {
        problems.push({
          level: 'warning',
          file,
          line: m.line,
          message: `adlcp:masteryscore ${n} looks like a fraction; SCORM 1.2 uses 0-100 (did you mean ${n * 100}?).`,
        });
      }
    }
  } else {
    for (const m of findAll(root, 'minNormalizedMeasure', NS.imsss)) {
      const n = Number(m.text.trim());
      if (!Number.isFinite(n) || n < -1 || n > 1) {
        problems.push({
          level: 'error',
          file,
          line: m.line,
          message: `imsss:minNormalizedMeasure ${JSON.stringify(m.text.trim())} is outside -1..1.`,
        });
      }
    }
    const delivery = findAll(root, 'deliveryControls', NS.imsss);
    if (!delivery.some((d) => attr(d, 'completionSetByContent') === 'true')) {
      problems.push({
        level: 'warning',
        file,
        message:
          'No imsss:deliveryControls completionSetByContent="true": some LMSs (SuccessFactors) mark the SCO complete as soon as it is exited.',
      });
    }
  }
  return format;
}

// ---------------------------------------------------------------------------------------------------------------
// cmi5 and xAPI

const ABSOLUTE_IRI = /^[a-z][a-z0-9+.-]*:\S+$/i;

/** An id that xAPI and cmi5 need as an absolute IRI (`what`: `course id`, `AU id`, `activity id`). */
function checkIri(id: string, what: string, file: string, line: number | undefined, problems: InspectProblem[]): void {
  if (ABSOLUTE_IRI.test(id)) return;
  const message = `The ${what} ${JSON.stringify(id)} is not an absolute IRI.`;
  problems.push({level: 'error', file, ...(line === undefined ? {} : {line}), message});
}

async function checkCmi5(xml: string, files: Map<string, Uint8Array>, problems: InspectProblem[]): Promise<void> {
  const file = 'cmi5.xml';
  const root = parse(xml, file, problems);
  if (!root) return;
  await schemaCheck(xml, 'cmi5', file, problems);
  const course = findFirst(root, 'course', NS.cmi5);
  const courseId = course && attr(course, 'id');
  if (courseId) checkIri(courseId, 'course id', file, course!.line, problems);
  const aus = findAll(root, 'au', NS.cmi5);
  if (!aus.length) problems.push({level: 'error', file, message: 'No <au>: the LMS has nothing to launch.'});
  const seen = new Set<string>();
  for (const au of aus) {
    const id = attr(au, 'id') ?? '';
    checkIri(id, 'AU id', file, au.line, problems);
    if (seen.has(id)) problems.push({level: 'error', file, line: au.line, message: `The AU id ${id} is used twice.`});
    seen.add(id);
    const url = findFirst(au, 'url', NS.cmi5)?.text.trim() ?? '';
    if (!url) {
      problems.push({level: 'error', file, line: au.line, message: `The AU ${id} has no <url>.`});
      continue;
    }
    const p = packagePath(url);
    if (p === null) {
      problems.push({
        level: 'warning',
        file,
        line: au.line,
        message: `The AU ${id} launches ${url}, outside the package: it works only while that server is reachable.`,
      });
    } else if (!files.has(p)) {
      problems.push({
        level: 'error',
        file,
        line: au.line,
        message: `The AU ${id} launches ${url}, which is not in the package.`,
      });
    }
    const mastery = attr(au, 'masteryScore');
    if (mastery !== undefined) {
      const n = Number(mastery);
      if (!Number.isFinite(n) || n < 0 || n > 1)
        problems.push({level: 'error', file, line: au.line, message: `masteryScore ${mastery} is outside 0..1.`});
    }
  }
}

function checkTincan(xml: string, files: Map<string, Uint8Array>, problems: InspectProblem[]): void {
  const file = 'tincan.xml';
  const wf = checkWellFormed(xml);
  if (!wf.valid) {
    for (const p of wf.problems)
      problems.push({
        level: 'error',
        file,
        ...(p.line ? {line: p.line, column: p.column} : {}),
        message: `Not well-formed XML: ${p.message}.`,
      });
    return;
  }
  const root = parseXml(xml);
  if (root.local !== 'tincan')
    problems.push({level: 'error', file, message: `The root element is <${root.name}>, not <tincan>.`});
  const activities = findAll(root, 'activity');
  const launchable = activities.filter((a) => findFirst(a, 'launch'));
  if (!launchable.length)
    problems.push({level: 'error', file, message: 'No <activity> with a <launch>: the LMS has nothing to open.'});
  for (const a of activities) {
    const id = attr(a, 'id') ?? '';
    checkIri(id, 'activity id', file, a.line, problems);
    const launch = findFirst(a, 'launch')?.text.trim();
    if (launch === undefined) continue;
    const p = packagePath(launch);
    if (p !== null && !files.has(p))
      problems.push({level: 'error', file, line: a.line, message: `The launch file ${launch} is not in the package.`});
  }
}
