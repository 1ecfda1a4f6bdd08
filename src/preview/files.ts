// The files the preview serves: packages from memory (as the sources build now, or a release zip), with the
// content security policy of a strict LMS, and its own static files.
import {existsSync, readFileSync} from 'node:fs';
import type {ServerResponse} from 'node:http';
import {createRequire} from 'node:module';
import {dirname, extname, join, normalize, sep} from 'node:path';
import {isFormat} from '../package/index.js';
import type {Preview} from './context.js';
import {HttpError} from './http.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.xsd': 'application/xml; charset=utf-8',
  '.dtd': 'application/xml-dtd; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt; charset=utf-8',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The policy packages are served with: what a strict LMS allows (no inline script, nothing from elsewhere). */
export const PACKAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self'; worker-src 'self'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'";

/** The folder of scorm-again's ES module builds (`dist/esm`). */
export function scormAgainDir(root: string): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('scorm-again/scorm12')), 'esm');
  } catch {
    return join(root, 'node_modules', 'scorm-again', 'dist', 'esm');
  }
}

export async function servePackage(p: Preview, res: ServerResponse, path: string) {
  const library = p.library;
  const m = /^\/packages\/([^/]+)\/([^/]+)\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
  if (!m) throw new HttpError(404, 'A package URL is /packages/<course>/<version>/<build>/<format>/<file>.');
  const [, id, version, build, format, rest] = m;
  if (!isFormat(format!)) throw new HttpError(404, `There is no format ${format}.`);
  const entry = library.get(decodeURIComponent(id!));
  if (!entry?.course) throw new HttpError(404, `There is no compiled course ${id}.`);
  if (entry.course.version !== decodeURIComponent(version!) || entry.build !== build) {
    throw new HttpError(
      404,
      `This build of ${id} has been replaced by an edit; launch the course again from the catalogue.`,
    );
  }
  const files = await library.packageFiles(entry.id, format, build!);
  if (!files) throw new HttpError(404, `This build of ${id} has been replaced; launch again.`);
  sendPackageFile(res, files, decodeURIComponent(rest || 'index.html'), `the ${format} package of ${id}`);
}

function sendPackageFile(res: ServerResponse, files: ReadonlyMap<string, Uint8Array>, name: string, what: string) {
  const data = files.get(name);
  if (!data) throw new HttpError(404, `${what} has no file ${name}.`);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(name).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': data.byteLength,
    'Cache-Control': 'no-cache',
    'Content-Security-Policy': PACKAGE_CSP,
    'X-Content-Type-Options': 'nosniff',
    ...(name === 'sw.js' ? {'Service-Worker-Allowed': './'} : {}),
  });
  res.end(data);
}

export function serveRelease(p: Preview, res: ServerResponse, path: string) {
  const shelf = p.shelf;
  const m = /^\/releases\/([^/]+)\/([^/]+)\/(.*)$/.exec(path);
  if (!m) throw new HttpError(404, 'A release package URL is /releases/<id>-<version>-<format>/<sig>/<file>.');
  const rp = shelf.get(decodeURIComponent(m[1]!));
  if (!rp) throw new HttpError(404, `There is no release package ${m[1]}.zip in ${shelf.dir}.`);
  if (rp.sig !== m[2])
    throw new HttpError(404, `${rp.file} has been rewritten since this launch; launch it again from the catalogue.`);
  sendPackageFile(res, shelf.open(rp).files, decodeURIComponent(m[3] || 'index.html'), rp.file);
}

export function serveFile(res: ServerResponse, dir: string, rel: string, cache = 'no-cache') {
  const file = normalize(join(dir, decodeURIComponent(rel)));
  if (!file.startsWith(dir + sep) || !existsSync(file)) throw new HttpError(404, `No file ${rel}.`);
  const data = readFileSync(file);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': data.byteLength,
    'Cache-Control': cache,
  });
  res.end(data);
}
