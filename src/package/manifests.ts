/**
 * The manifests LMSs read: `imsmanifest.xml` (SCORM 1.2 and 2004 4th Edition), `cmi5.xml` (cmi5 course structure)
 * and `tincan.xml` (xAPI launch). Pure functions of the compiled course and the package's file list.
 *
 * Identifiers that LMSs key on come from the course id and IRI, never from the version, so a new release replaces
 * the old one in the LMS: the version goes in the manifest's `version` attribute and its metadata.
 */
import type {CompiledCourse, CompletionRule, CourseContent, MoveOn} from '../course/types.js';
import type {Format} from './formats.js';
import {escapeXml as x} from './xml.js';

export const NS = {
  imscp12: 'http://www.imsproject.org/xsd/imscp_rootv1p1p2',
  adlcp12: 'http://www.adlnet.org/xsd/adlcp_rootv1p2',
  imsmd12: 'http://www.imsglobal.org/xsd/imsmd_rootv1p2p1',
  imscp: 'http://www.imsglobal.org/xsd/imscp_v1p1',
  adlcp: 'http://www.adlnet.org/xsd/adlcp_v1p3',
  adlseq: 'http://www.adlnet.org/xsd/adlseq_v1p3',
  adlnav: 'http://www.adlnet.org/xsd/adlnav_v1p3',
  imsss: 'http://www.imsglobal.org/xsd/imsss',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  cmi5: 'https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd',
  tincan: 'http://projecttincan.com/tincan.xsd',
  /** this project's attributes in cmi5.xml (the schema allows attributes of other namespaces) */
  ict: 'urn:ict-manager-training:package',
} as const;

/** The file every format launches. */
export const LAUNCH_FILE = 'index.html';

/** cmi5 `moveOn` for each completion rule of the course. */
export const MOVE_ON: Record<CompletionRule, 'Completed' | 'Passed' | 'CompletedAndPassed'> = {
  lessons: 'Completed',
  pass: 'Passed',
  'lessons-and-pass': 'CompletedAndPassed',
};

/** The course's cmi5 moveOn: `move-on` of course.yaml, else the one its completion rule means. */
export function moveOnOf(course: CompiledCourse): MoveOn {
  return course.settings.moveOn ?? MOVE_ON[course.settings.completion];
}

/**
 * The identifiers LMSs and LRSs key on. Derived from the course id (an XML ID must be an NCName, so an id that
 * starts with a digit gets a `c-` prefix) and the course IRI; the same for every version of the course.
 */
export function identifiers(course: CompiledCourse) {
  const base = /^[A-Za-z_]/.test(course.id) ? course.id : `c-${course.id}`;
  const iri = course.iri;
  return {
    manifest: base,
    organization: `${base}-org`,
    item: `${base}-sco`,
    resource: `${base}-resource`,
    /** SCORM 2004 primary objective */
    objective: `${base}-mastery`,
    /** the course activity (cmi5 course, xAPI activity) */
    courseIri: iri,
    /** the one cmi5 assignable unit */
    auIri: `${iri.replace(/\/+$/, '')}/au`,
  };
}

/** The default language's text of the course. */
export function defaultContent(course: CompiledCourse): CourseContent {
  const lang = course.languages[0];
  const content = course.content[lang];
  if (!content) throw new Error(`The compiled course ${course.id} has no content in its default language ${lang}.`);
  return content;
}

/** Whether the course has a scored assessment (mastery only means something then). */
export function hasAssessment(course: CompiledCourse): boolean {
  return defaultContent(course).assessment !== null;
}

/** SCORM 1.2 `adlcp:masteryscore`: the course's mastery (0..1) on the 0-100 scale, at most two decimals. */
export function scorm12MasteryScore(course: CompiledCourse): string {
  return formatNumber(course.settings.masteryScore * 100);
}

function formatNumber(n: number, decimals = 2): string {
  const f = 10 ** decimals;
  return String(Math.round(n * f) / f);
}

/** Package files listed in a SCORM resource: everything but the manifest and the schema files. */
function resourceFiles(files: readonly string[]): string[] {
  return files.filter((f) => f !== 'imsmanifest.xml' && !/^[^/]+\.(xsd|dtd)$/.test(f)).sort();
}

const indent = (n: number) => '  '.repeat(n);

export function scorm12Manifest(course: CompiledCourse, files: readonly string[]): string {
  const id = identifiers(course);
  const c = defaultContent(course);
  const mastery = hasAssessment(course)
    ? `\n${indent(4)}<adlcp:masteryscore>${scorm12MasteryScore(course)}</adlcp:masteryscore>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${x(id.manifest)}" version="${x(course.version)}"
  xmlns="${NS.imscp12}"
  xmlns:adlcp="${NS.adlcp12}"
  xmlns:xsi="${NS.xsi}"
  xsi:schemaLocation="${NS.imscp12} imscp_rootv1p1p2.xsd ${NS.imsmd12} imsmd_rootv1p2p1.xsd ${NS.adlcp12} adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="${x(id.organization)}">
    <organization identifier="${x(id.organization)}">
      <title>${x(c.title)}</title>
      <item identifier="${x(id.item)}" identifierref="${x(id.resource)}" isvisible="true">
        <title>${x(c.title)}</title>${mastery}
      </item>
    </organization>
  </organizations>
${scoResources(id.resource, files, 'adlcp:scormtype')}
</manifest>
`;
}

/**
 * The SCORM 2004 manifest, of the 4th edition or the 3rd: both carry the same elements (everything here is defined
 * by the 3rd edition's CAM and schemas), and differ in `schemaversion`.
 */
export function scorm2004Manifest(
  course: CompiledCourse,
  files: readonly string[],
  edition: '4th' | '3rd' = '4th',
): string {
  const id = identifiers(course);
  const c = defaultContent(course);
  // The content sets completion and success itself (so LMSs such as SuccessFactors do not mark the SCO complete on
  // exit); the primary objective is satisfied by the score against the course's mastery, which the LMS hands back
  // as cmi.scaled_passing_score.
  const objectives = hasAssessment(course)
    ? `
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="${x(id.objective)}" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${formatNumber(course.settings.masteryScore, 4)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>`
    : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="${x(id.manifest)}" version="${x(course.version)}"
  xmlns="${NS.imscp}"
  xmlns:adlcp="${NS.adlcp}"
  xmlns:adlseq="${NS.adlseq}"
  xmlns:adlnav="${NS.adlnav}"
  xmlns:imsss="${NS.imsss}"
  xmlns:xsi="${NS.xsi}"
  xsi:schemaLocation="${NS.imscp} imscp_v1p1.xsd ${NS.adlcp} adlcp_v1p3.xsd ${NS.adlseq} adlseq_v1p3.xsd ${NS.adlnav} adlnav_v1p3.xsd ${NS.imsss} imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 ${edition} Edition</schemaversion>
  </metadata>
  <organizations default="${x(id.organization)}">
    <organization identifier="${x(id.organization)}" adlseq:objectivesGlobalToSystem="false">
      <title>${x(c.title)}</title>
      <item identifier="${x(id.item)}" identifierref="${x(id.resource)}" isvisible="true">
        <title>${x(c.title)}</title>
        <imsss:sequencing>${objectives}
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
        <adlnav:presentation>
          <adlnav:navigationInterface>
            <adlnav:hideLMSUI>previous</adlnav:hideLMSUI>
            <adlnav:hideLMSUI>continue</adlnav:hideLMSUI>
          </adlnav:navigationInterface>
        </adlnav:presentation>
      </item>
      <imsss:sequencing>
        <imsss:controlMode choice="true" flow="true"/>
      </imsss:sequencing>
    </organization>
  </organizations>
${scoResources(id.resource, files, 'adlcp:scormType')}
</manifest>
`;
}

/** `<langstring lang="…">` for every language of the course, the default first. */
function langstrings(course: CompiledCourse, pick: (c: CourseContent) => string, depth: number): string {
  return course.languages
    .filter((l) => course.content[l])
    .map((l) => `${indent(depth)}<langstring lang="${x(l)}">${x(pick(course.content[l]!))}</langstring>`)
    .join('\n');
}

export function cmi5Xml(course: CompiledCourse): string {
  const id = identifiers(course);
  const mastery = hasAssessment(course) ? ` masteryScore="${formatNumber(course.settings.masteryScore, 4)}"` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="${NS.cmi5}" xmlns:ict="${NS.ict}">
  <course id="${x(id.courseIri)}" ict:version="${x(course.version)}">
    <title>
${langstrings(course, (c) => c.title, 3)}
    </title>
    <description>
${langstrings(course, (c) => c.description, 3)}
    </description>
  </course>
  <au id="${x(id.auIri)}" moveOn="${moveOnOf(course)}"${mastery} launchMethod="${course.settings.launchMethod ?? 'AnyWindow'}">
    <title>
${langstrings(course, (c) => c.title, 3)}
    </title>
    <description>
${langstrings(course, (c) => c.description, 3)}
    </description>
    <url>${LAUNCH_FILE}</url>
  </au>
</courseStructure>
`;
}

export function tincanXml(course: CompiledCourse): string {
  const id = identifiers(course);
  const lang = course.languages[0];
  const each = (tag: string, pick: (c: CourseContent) => string) =>
    course.languages
      .filter((l) => course.content[l])
      .map((l) => `      <${tag} lang="${x(l)}">${x(pick(course.content[l]!))}</${tag}>`)
      .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<tincan xmlns="${NS.tincan}">
  <activities>
    <activity id="${x(id.courseIri)}" type="http://adlnet.gov/expapi/activities/course">
${each('name', (c) => c.title)}
${each('description', (c) => c.description)}
      <launch lang="${x(lang)}">${LAUNCH_FILE}</launch>
    </activity>
  </activities>
</tincan>
`;
}

/** The manifest of a format (file name and text), or null for `web`. */
export function manifestFor(
  course: CompiledCourse,
  format: Format,
  files: readonly string[],
): {name: string; xml: string} | null {
  switch (format) {
    case 'scorm12':
      return {name: 'imsmanifest.xml', xml: scorm12Manifest(course, files)};
    case 'scorm2004':
      return {name: 'imsmanifest.xml', xml: scorm2004Manifest(course, files)};
    case 'scorm2004-3rd':
      return {name: 'imsmanifest.xml', xml: scorm2004Manifest(course, files, '3rd')};
    case 'cmi5':
      return {name: 'cmi5.xml', xml: cmi5Xml(course)};
    case 'xapi':
      return {name: 'tincan.xml', xml: tincanXml(course)};
    case 'aicc': // four course structure files, not one manifest: aicc.ts
    case 'web':
      return null;
  }
}

/** The one SCO resource listing every file of the package; SCORM 1.2 spells the attribute `scormtype`, 2004 `scormType`. */
function scoResources(
  resource: string,
  files: readonly string[],
  typeAttribute: 'adlcp:scormtype' | 'adlcp:scormType',
): string {
  const list = resourceFiles(files)
    .map((f) => `${indent(3)}<file href="${x(f)}"/>`)
    .join('\n');
  return `  <resources>
    <resource identifier="${x(resource)}" type="webcontent" ${typeAttribute}="sco" href="${LAUNCH_FILE}">
${list}
    </resource>
  </resources>`;
}
