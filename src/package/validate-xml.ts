/**
 * Schema validation of manifests with libxml2 (the npm package `xmllint-wasm`), against the project's copies of the
 * standard schemas in `schemas/` (see schemas/README.md). Runs on any machine: no native xmllint needed.
 */
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {validateXML} from 'xmllint-wasm';
import {PROJECT_ROOT} from '../../vite.config.js';
import {parseXml, XmlSyntaxError} from './xml.js';

export type SchemaSet = 'scorm12' | 'scorm2004' | 'scorm2004-3rd' | 'cmi5';

/** The folder under `schemas/` and the schema a document is validated against. */
const SETS: Record<SchemaSet, {folder: string; main: string}> = {
  scorm12: {folder: 'scorm12', main: 'package.xsd'},
  scorm2004: {folder: 'scorm2004-4th', main: 'all.xsd'},
  'scorm2004-3rd': {folder: 'scorm2004-3rd', main: 'all.xsd'},
  cmi5: {folder: 'cmi5', main: 'CourseStructure.xsd'},
};

export const SCHEMA_DIR = join(PROJECT_ROOT, 'schemas');

const loaded = new Map<SchemaSet, Map<string, Uint8Array>>();

/** Every file of a schema set, by file name (the wrapper `all.xsd` included), read once. */
export function schemaFiles(set: SchemaSet): ReadonlyMap<string, Uint8Array> {
  let files = loaded.get(set);
  if (!files) {
    const dir = join(SCHEMA_DIR, SETS[set].folder);
    files = new Map();
    for (const name of readdirSync(dir).sort()) files.set(name, new Uint8Array(readFileSync(join(dir, name))));
    loaded.set(set, files);
  }
  return files;
}

/** Files of `schemas/` that are this project's own (wrappers and stand-ins), not the standard's. */
const PROJECT_FILES = new Set(['all.xsd', 'package.xsd', 'imsmd-lax.xsd']);

/**
 * The schema files a SCORM package carries at its root beside imsmanifest.xml: the standard's files, without the
 * project's wrappers.
 */
export function packagedSchemaFiles(set: 'scorm12' | 'scorm2004' | 'scorm2004-3rd'): Map<string, Uint8Array> {
  return new Map([...schemaFiles(set)].filter(([name]) => !PROJECT_FILES.has(name)));
}

export interface XmlProblem {
  /** 1-based line in the document, when the validator gave one */
  line?: number;
  /** 1-based column, when known */
  column?: number;
  message: string;
}

export interface XmlValidation {
  valid: boolean;
  problems: XmlProblem[];
}

/**
 * Validates `xml` (named `fileName` in messages) against a schema set. Never throws for an invalid document: the
 * validator's messages come back as problems.
 */
export async function validateAgainstSchema(xml: string, set: SchemaSet, fileName: string): Promise<XmlValidation> {
  const files = schemaFiles(set);
  const main = SETS[set].main;
  const preload = [...files].filter(([name]) => name !== main).map(([name, contents]) => ({fileName: name, contents}));
  const result = await validateXML({
    xml: [{fileName, contents: xml}],
    schema: [{fileName: main, contents: files.get(main)!}],
    preload,
    // the 2004 schema set is large; the default 32 MiB is enough for it, but not with room to spare
    maxMemoryPages: 4096,
  });
  // libxml2 follows a message with the source line and a caret under the column: those come back as messages of
  // their own, without a place; the messages with a place say it all
  const located = result.errors.filter((e) => e.loc?.lineNumber);
  const problems = (located.length ? located : result.errors).map((e) => {
    const p: XmlProblem = {message: e.message.trim()};
    if (e.loc?.lineNumber) p.line = e.loc.lineNumber;
    return p;
  });
  if (!result.valid && problems.length === 0)
    problems.push({message: result.rawOutput.trim() || 'the validator rejected the document'});
  return {valid: result.valid, problems};
}

/** Well-formedness only (for documents without a published schema, such as tincan.xml). */
export function checkWellFormed(xml: string): XmlValidation {
  try {
    parseXml(xml);
    return {valid: true, problems: []};
  } catch (e) {
    if (e instanceof XmlSyntaxError)
      return {
        valid: false,
        problems: [{line: e.line, column: e.column, message: e.message.replace(/^line \d+: /, '')}],
      };
    throw e;
  }
}

/** `file:line: message` lines, as the command line prints them. */
export function formatXmlProblems(fileName: string, problems: readonly XmlProblem[]): string[] {
  return problems.map((p) => `${fileName}${p.line ? `:${p.line}` : ''}: ${p.message}`);
}
