/**
 * `ict validate` never says yes wrongly: a table of broken packages, each with the error it must give (and where),
 * through the command as a user runs it (exit 1, the message on its line). Packages of other tools included.
 */
import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import {after, describe, it} from 'node:test';
import {zipSync} from 'fflate';
import {runCli} from '../../src/cli/main.js';
import {cmi5Xml} from '../../src/package/manifests.js';
import {BASICS, compiled, m12, removeTempDirs, tempDir} from './helpers.js';

after(removeTempDirs);

const tincan = (activity: string, root = 'tincan') =>
  `<?xml version="1.0"?>\n<${root} xmlns="http://projecttincan.com/tincan.xsd"><activities>${activity}</activities></${root}>`;
const PAGE = '<!doctype html><title>x</title>';
const XSD = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"/>';

interface Row {
  name: string;
  /** the zip's entries, or its raw bytes */
  entries: Record<string, string> | Uint8Array;
  /** the line `ict validate` must print (a pattern) */
  says: RegExp;
}

async function rows(): Promise<Row[]> {
  const course = await compiled(BASICS);
  const truncated = m12().slice(0, m12().indexOf('<resources>'));
  return [
    {name: 'an empty zip', entries: {}, says: /error: The package is empty\./},
    {
      name: 'a file that is not a zip',
      entries: new TextEncoder().encode('PK? not really a zip'),
      says: /error: Not a readable zip file/,
    },
    {
      name: 'SCORM schema files and a page, the manifest removed',
      entries: {'index.html': PAGE, 'imscp_rootv1p1p2.xsd': XSD, 'adlcp_rootv1p2.xsd': XSD, 'ims_xml.xsd': XSD},
      says: /error: SCORM schema files \(.*imscp_rootv1p1p2\.xsd.*\) but no imsmanifest\.xml at the package root/,
    },
    {
      name: 'a truncated manifest',
      entries: {'imsmanifest.xml': truncated, 'index.html': PAGE},
      says: /error: imsmanifest\.xml:6:3: Not well-formed XML: <manifest> is not closed\./,
    },
    {
      name: 'a manifest with a mismatched end tag',
      entries: {'imsmanifest.xml': m12().replace('</title>', '</titel>'), 'index.html': PAGE},
      says: /error: imsmanifest\.xml:4:\d+: Not well-formed XML: <\/titel> closes <title>\./,
    },
    {
      name: 'an empty manifest',
      entries: {'imsmanifest.xml': '', 'index.html': PAGE},
      says: /error: imsmanifest\.xml:1:1: Not well-formed XML: no root element\. The file is empty\./,
    },
    {
      name: 'the manifest in a folder of the zip',
      entries: {'course/imsmanifest.xml': m12(), 'course/index.html': PAGE},
      says: /error: course\/imsmanifest\.xml: The manifest is not at the package root/,
    },
    {
      name: 'a manifest of an unknown namespace',
      entries: {
        'imsmanifest.xml': m12()
          .replace('http://www.imsproject.org/xsd/imscp_rootv1p1p2', 'http://example.org/manifest')
          .replace('<schemaversion>1.2</schemaversion>', '<schemaversion>1.0</schemaversion>'),
        'index.html': PAGE,
      },
      says: /error: imsmanifest\.xml: Unknown manifest namespace/,
    },
    {
      name: 'a SCORM 1.2 package without its launch file',
      entries: {'imsmanifest.xml': m12()},
      says: /error: imsmanifest\.xml:6: The launch file index\.html of resource r is not in the package\./,
    },
    {
      name: 'a SCORM 1.2 mastery score of 120',
      entries: {'imsmanifest.xml': m12(undefined, '120'), 'index.html': PAGE},
      says: /error: imsmanifest\.xml(:\d+)?: adlcp:masteryscore "120" is not a number from 0 to 100\./,
    },
    {
      name: 'a listed file missing',
      entries: {'imsmanifest.xml': m12('<file href="index.html"/><file href="gone.js"/>'), 'index.html': PAGE},
      says: /error: imsmanifest\.xml:\d+: <file href="gone\.js"> is not in the package\./,
    },
    {
      name: 'a SCORM 1.2 manifest the schema refuses',
      entries: {'imsmanifest.xml': m12().replace('scormtype="sco"', 'scormtype="scorm"'), 'index.html': PAGE},
      says: /error: imsmanifest\.xml(:\d+)?: Not valid against the schema: .*scormtype/,
    },
    {
      name: 'a cmi5 AU launching a page that is not there',
      entries: {
        'cmi5.xml': cmi5Xml(course).replace('<url>index.html</url>', '<url>start.html</url>'),
        'index.html': PAGE,
      },
      says: /error: cmi5\.xml:\d+: The AU .* launches start\.html, which is not in the package\./,
    },
    {
      name: 'a truncated cmi5.xml',
      entries: {'cmi5.xml': cmi5Xml(course).slice(0, 300), 'index.html': PAGE},
      says: /error: cmi5\.xml:\d+:\d+: Not well-formed XML: /,
    },
    {
      name: 'a tincan.xml with nothing to launch',
      entries: {
        'tincan.xml': tincan('<activity id="https://example.org/a"><name>a</name></activity>'),
        'index.html': PAGE,
      },
      says: /error: tincan\.xml: No <activity> with a <launch>: the LMS has nothing to open\./,
    },
    {
      name: 'a tincan.xml with another root element',
      entries: {
        'tincan.xml': tincan('<activity id="https://example.org/a"><launch>index.html</launch></activity>', 'course'),
        'index.html': PAGE,
      },
      says: /error: tincan\.xml: The root element is <course>, not <tincan>\./,
    },
    {
      name: 'an AICC course without its .au file',
      entries: {
        'course.crs': '[Course]\nCourse_ID=c\n',
        'course.des': 'System_ID\nA1\n',
        'course.cst': 'Block,Member\n',
      },
      says: /error: No \.au file at the package root: an AICC course needs \.crs, \.au, \.des and \.cst files\./,
    },
    {
      name: 'a zip entry that climbs out of its folder',
      entries: {'index.html': PAGE, '../evil.js': ''},
      says: /error: \.\.\/evil\.js: Unsafe zip entry path \(goes up with \.\.\)/,
    },
    {
      name: 'neither a manifest nor a page',
      entries: {'readme.txt': 'hello'},
      says: /error: No manifest \(imsmanifest\.xml, cmi5\.xml, tincan\.xml, AICC \.crs\) and no index\.html at the package root/,
    },
  ];
}

describe('ict validate: broken packages', () => {
  it('has a table of at least 15 broken packages', async () => {
    assert.ok((await rows()).length >= 15);
  });

  for (const [i, name] of [
    'an empty zip',
    'a file that is not a zip',
    'SCORM schema files and a page, the manifest removed',
    'a truncated manifest',
    'a manifest with a mismatched end tag',
    'an empty manifest',
    'the manifest in a folder of the zip',
    'a manifest of an unknown namespace',
    'a SCORM 1.2 package without its launch file',
    'a SCORM 1.2 mastery score of 120',
    'a listed file missing',
    'a SCORM 1.2 manifest the schema refuses',
    'a cmi5 AU launching a page that is not there',
    'a truncated cmi5.xml',
    'a tincan.xml with nothing to launch',
    'a tincan.xml with another root element',
    'an AICC course without its .au file',
    'a zip entry that climbs out of its folder',
    'neither a manifest nor a page',
  ].entries()) {
    it(`${name}: exit 1 and the error that says so`, async () => {
      const row = (await rows())[i]!;
      assert.equal(row.name, name);
      const path = join(await tempDir(), `broken-${i}.zip`);
      const bytes =
        row.entries instanceof Uint8Array
          ? row.entries
          : zipSync(Object.fromEntries(Object.entries(row.entries).map(([k, v]) => [k, new TextEncoder().encode(v)])));
      await writeFile(path, bytes);
      const lines: string[] = [];
      const code = await runCli(['validate', path], {
        log: (s) => lines.push(s),
        error: (s) => lines.push(s),
        isTTY: false,
        write: (s) => lines.push(s),
      });
      const printed = lines.join('\n');
      assert.equal(code, 1, printed);
      assert.match(printed, row.says);
      assert.match(
        printed,
        /\d+ error\(s\), \d+ warning\(s\): an LMS would reject this package or fail to launch it\./,
      );
      if (!/Unsafe zip entry/.test(printed)) assert.doesNotMatch(printed, /: web, /, 'not taken for a web package');
    });
  }
});

describe('ict <command> --help', () => {
  for (const command of ['build', 'library', 'package', 'validate', 'preview', 'lrs', 'translate'])
    it(`${command} --help prints that command's usage and exits 0`, async () => {
      const lines: string[] = [];
      const code = await runCli([command, '--help'], {
        log: (s) => lines.push(s),
        error: (s) => lines.push(s),
        isTTY: false,
        write: (s) => lines.push(s),
      });
      assert.equal(code, 0);
      assert.match(
        lines.join('\n'),
        new RegExp(`^Usage: ict ${command}[\\s\\S]*\\n {2}${command} [\\s\\S]*Exit codes:`),
      );
    });
});
