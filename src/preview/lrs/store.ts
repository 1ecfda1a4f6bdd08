// What the preview LRS keeps on disk, in one folder: statements as JSON lines (append-only), every other collection
// as one JSON file written atomically (../json-files.ts). A restart reloads everything.

import type {StoredXapiStatement} from './xapi.js';

/** A statement as the LRS holds it: the statement as returned by GET, plus the canonical form of what was sent. */
export interface StoredStatement {
  statement: StoredXapiStatement;
  /** canonical JSON of the statement as submitted (ids, stored, authority and version excluded), for dedupe */
  canonical: string;
  /** ms since epoch of `stored`, for `since`/`until` */
  storedMs: number;
  voided?: boolean;
}

/** A document of the State or Agent Profile API. */
export interface StoredDocument {
  contentType: string;
  /** base64 of the bytes */
  body: string;
  etag: string;
  updated: string;
}

export {ensureDir, JsonFile, JsonLinesFile, removeFiles, writeAtomic} from '../json-files.js';
