import type {Translator} from '../../i18n/index.js';

/**
 * Lesson HTML made to fit the page: its headings one level below the lesson title, its relative paths resolved
 * against the course's URL (`base`), and each table in a region of its own that scrolls sideways when the table is
 * wider than the page (keyboard users reach it with Tab, screen readers hear its caption or number).
 */
export function fitLessonHtml(source: string, t: Translator, base: string): string {
  let tables = 0;
  return source
    .replace(/<(\/?)h([1-6])\b/gi, (_m, slash: string, n: string) => `<${slash}h${Math.min(6, Number(n) + 1)}`)
    .replace(/<table\b[\s\S]*?<\/table>/gi, (table) => {
      const caption = /<caption\b[^>]*>([\s\S]*?)<\/caption>/i.exec(table)?.[1];
      const label = (caption && textOf(caption)) || t('table', {n: t.number(++tables)});
      return `<div class="table-scroll" role="region" tabindex="0" aria-label="${escapeAttribute(label)}">${table}</div>`;
    })
    .replace(/(\s(?:src|href))="(?![a-z][a-z0-9+.-]*:|\/|#)([^"]*)"/gi, (m, attr: string, path: string) => {
      try {
        return `${attr}="${new URL(path, base).href}"`;
      } catch {
        return m;
      }
    });
}

/** The text of a fragment of sanitized HTML (tags dropped, entities kept as they are: the result goes back into HTML). */
function textOf(fragment: string): string {
  return fragment
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function escapeAttribute(text: string): string {
  return text
    .replace(/&(?![a-z]+;|#\d+;|#x[0-9a-f]+;)/gi, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}
