/**
 * The `web` package as an installable app: a web app manifest made from the course, its icons, and the page's link
 * to it. Icons come from `src/offline/icons/` when the project has that folder (`icon-<size>.png`, `icon.svg`,
 * `maskable-<size>.png`); otherwise the package carries a plain SVG icon.
 */
import {existsSync} from 'node:fs';
import {readdir, readFile} from 'node:fs/promises';
import {join} from 'node:path';
import type {CompiledCourse} from '../course/types.js';
import {defaultContent, LAUNCH_FILE} from './manifests.js';
import {escapeXml} from './xml.js';

export const WEB_MANIFEST_FILE = 'manifest.webmanifest';
export const THEME_COLOR = '#00689d';
const BACKGROUND = '#ffffff';

const DEFAULT_ICON = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512">
<rect width="512" height="512" rx="96" fill="${THEME_COLOR}"/>
<rect x="112" y="136" width="288" height="192" rx="16" fill="none" stroke="#fff" stroke-width="28"/>
<path d="M200 392h112M256 328v64" stroke="#fff" stroke-width="28" stroke-linecap="round"/>
</svg>
`;

interface Icon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** The files the web format adds (manifest and icons, by package path). */
export async function webAppFiles(course: CompiledCourse, root: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  const icons: Icon[] = [];
  const dir = join(root, 'src', 'offline', 'icons');
  if (existsSync(dir)) {
    for (const name of (await readdir(dir)).sort()) {
      const m = /^(icon|maskable)-?(\d+)?\.(png|svg|webp)$/.exec(name);
      if (!m) continue;
      files.set(`icons/${name}`, new Uint8Array(await readFile(join(dir, name))));
      icons.push({
        src: `icons/${name}`,
        sizes: m[2] ? `${m[2]}x${m[2]}` : 'any',
        type: m[3] === 'svg' ? 'image/svg+xml' : `image/${m[3]}`,
        ...(m[1] === 'maskable' ? {purpose: 'maskable'} : {}),
      });
    }
  }
  if (!icons.length) {
    files.set('icons/icon.svg', new TextEncoder().encode(DEFAULT_ICON));
    icons.push({src: 'icons/icon.svg', sizes: 'any', type: 'image/svg+xml'});
  }
  const c = defaultContent(course);
  const lang = course.languages[0];
  const manifest = {
    name: c.title,
    short_name: c.title.length <= 24 ? c.title : `${c.title.slice(0, 23).trimEnd()}…`,
    description: c.description,
    lang,
    dir: lang === 'ar' ? 'rtl' : 'ltr',
    start_url: `./${LAUNCH_FILE}`,
    scope: './',
    display: 'standalone',
    background_color: BACKGROUND,
    theme_color: THEME_COLOR,
    icons,
  };
  files.set(WEB_MANIFEST_FILE, new TextEncoder().encode(`${JSON.stringify(manifest, null, 2)}\n`));
  return files;
}

/** The page with its links to the web app manifest and the icon, and the theme colour (web format only). */
export function pageWithWebApp(page: string, files: ReadonlyMap<string, Uint8Array>): string {
  if (page.includes(WEB_MANIFEST_FILE)) return page;
  const icon = [...files.keys()].find((f) => f.startsWith('icons/icon'));
  const tags =
    `<link rel="manifest" href="${WEB_MANIFEST_FILE}">\n` +
    (icon ? `<link rel="icon" href="${escapeXml(icon)}">\n` : '') +
    `<meta name="theme-color" content="${escapeXml(THEME_COLOR)}">\n`;
  return /<\/head>/i.test(page) ? page.replace(/<\/head>/i, `${tags}</head>`) : tags + page;
}
