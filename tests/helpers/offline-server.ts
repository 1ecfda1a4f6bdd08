// A static node:http server on 127.0.0.1 for the offline end-to-end tests. It serves packages built in memory by
// the packager (`assemblePackage`) under `/<mount>/`, a SCORM host page with scorm-again, a sandboxed-iframe page,
// and the preview LRS under `/xapi/`. A mount's files can be swapped (a new release at the same URL) and its
// `sw.js` can be refused (404, or a wrong MIME type) to show a service worker that cannot register.
import {createServer, type Server} from 'node:http';
import {mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {type Browser} from 'playwright-core';
import {createLrs, type Lrs} from '../../src/preview/lrs/lrs.js';
import {until} from './until.js';
import {compiled, contentType, packageOf} from './packages.js';
import {launchChromium} from './browser.js';
import {listenLocal, stopLocal} from './http.js';
import {scormHostPage, serveScormAgain} from './scorm-host.js';

export {until};
export {compiled, contentType, packageOf};

export interface Mount {
  files: Map<string, Uint8Array>;
  /** how `sw.js` is served: as built, 404, or with a MIME type browsers refuse for a worker */
  sw: 'ok' | '404' | 'text/plain';
  /** files answered 404 (an LMS that does not serve every file) */
  block?: Set<string>;
}

export interface OfflineServer {
  origin: string;
  browser: Browser;
  lrs: Lrs;
  mounts: Map<string, Mount>;
  /** requests seen, by path (for checking what reached the network) */
  hits: string[];
  /**
   * The network is down between the browser and this server: every connection is dropped. Chromium's offline
   * emulation (`context.setOffline`) lets the `keepalive` requests of a page being unloaded through; this does not.
   */
  down: boolean;
  close(): Promise<void>;
}

/** A page framing the package in a sandbox without allow-same-origin (an opaque origin: no service worker, no storage). */
function sandboxHost(packagePath: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sandbox</title></head><body>
<iframe title="Course" sandbox="allow-scripts allow-forms" style="width:100%;height:90vh;border:0" src="${packagePath}"></iframe>
</body></html>`;
}

export async function startServer(): Promise<OfflineServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'ict-offline-e2e-'));
  const lrs = createLrs({dataDir, basePath: '/xapi/'});
  const mounts = new Map<string, Mount>();
  const hits: string[] = [];
  const self = {down: false};
  const server: Server = createServer((req, res) => {
    if (self.down) {
      hits.push(`refused ${req.url ?? ''}`);
      req.socket.destroy();
      return;
    }
    void (async () => {
      if (await lrs.handle(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://x');
      const path = decodeURIComponent(url.pathname);
      hits.push(path);
      if (serveScormAgain(path, res)) return;
      if (path === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (path === '/host/scorm12.html') {
        res.writeHead(200, {'Content-Type': contentType('x.html'), 'Cache-Control': 'no-store'});
        res.end(scormHostPage({packagePath: url.searchParams.get('p') ?? '/scorm12/index.html'}));
        return;
      }
      if (path === '/host/blank.html') {
        // a page of this origin outside every package: the LMS page after the learner has left the course
        res.writeHead(200, {'Content-Type': contentType('x.html'), 'Cache-Control': 'no-store'});
        res.end(
          '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>LMS</title></head><body></body></html>',
        );
        return;
      }
      if (path === '/host/sandbox.html') {
        res.writeHead(200, {'Content-Type': contentType('x.html'), 'Cache-Control': 'no-store'});
        res.end(sandboxHost(url.searchParams.get('p') ?? '/web/index.html'));
        return;
      }
      const [, name, ...rest] = path.split('/');
      const mount = name ? mounts.get(name) : undefined;
      const file = rest.join('/') || 'index.html';
      const data = mount?.files.get(file);
      if (!mount || !data || (file === 'sw.js' && mount.sw === '404') || mount.block?.has(file)) {
        res.writeHead(404, {'Content-Type': 'text/plain'});
        res.end('not found');
        return;
      }
      res.writeHead(200, {
        'Content-Type': file === 'sw.js' && mount.sw === 'text/plain' ? 'text/plain' : contentType(file),
        'Content-Length': String(data.byteLength),
        // an opaque-origin (sandboxed) frame loads module scripts and course.json in CORS mode
        'Access-Control-Allow-Origin': '*',
        'Cache-Control': 'no-cache',
      });
      res.end(data);
    })().catch((e: unknown) => {
      res.writeHead(500);
      res.end(String(e));
    });
  });
  const origin = await listenLocal(server);
  const browser = await launchChromium();
  return Object.assign(self, {
    origin,
    browser,
    lrs,
    mounts,
    hits,
    async close() {
      await stopLocal({browser, server, dir: dataDir});
    },
  });
}
