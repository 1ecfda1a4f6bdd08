/** Escaping and the page frame shared by the preview's pages. */

export function esc(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** JSON safe to place inside `<script type="application/json">`. */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export function page(opts: {
  title: string;
  body: string;
  scripts?: string[];
  lang?: string;
  bodyClass?: string;
}): string {
  return `<!doctype html>
<html lang="${esc(opts.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(opts.title)}</title>
<link rel="stylesheet" href="/static/preview.css">
${(opts.scripts ?? []).map((s) => `<script type="module" src="${esc(s)}"></script>`).join('\n')}
</head>
<body${opts.bodyClass ? ` class="${esc(opts.bodyClass)}"` : ''}>
<a class="skip" href="#main">Skip to content</a>
${opts.body}
</body>
</html>
`;
}
