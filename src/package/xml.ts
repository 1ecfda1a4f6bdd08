/**
 * Just enough XML for manifests: escaping for the ones we write, and a small namespace-aware reader for the ones
 * `ict validate` inspects (after they passed the schema, or to say why they cannot be read).
 */

/** Text and attribute values: `&`, `<`, `>`, `"` and `'` escaped; characters XML 1.0 forbids dropped. */
export function escapeXml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

export interface XmlAttribute {
  /** as written, e.g. `adlcp:scormtype` */
  name: string;
  local: string;
  /** namespace URI ('' for none) */
  ns: string;
  value: string;
}

export interface XmlElement {
  name: string;
  local: string;
  ns: string;
  attributes: XmlAttribute[];
  children: XmlElement[];
  /** the element's own text (children's text excluded), entities decoded, trimmed */
  text: string;
  /** 1-based line of the start tag */
  line: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    /** 1-based column on that line */
    readonly column = 1,
  ) {
    super(`line ${line}: ${message}`);
  }
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Parses a document into its root element. Throws {@link XmlSyntaxError} on malformed input. DTDs are skipped. */
export function parseXml(source: string): XmlElement {
  const s = source.replace(/^\uFEFF/, '');
  let i = 0;
  let root: XmlElement | null = null;
  const stack: {el: XmlElement; scope: Map<string, string>}[] = [];
  const lineAt = (pos: number) => {
    let n = 1;
    for (let k = 0; k < pos && k < s.length; k++) if (s.charCodeAt(k) === 10) n++;
    return n;
  };
  const fail = (msg: string, pos = i): never => {
    const at = Math.min(pos, s.length);
    throw new XmlSyntaxError(msg, lineAt(at), at - (s.lastIndexOf('\n', at - 1) + 1) + 1);
  };

  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const textEnd = lt === -1 ? s.length : lt;
    if (textEnd > i) {
      const text = s.slice(i, textEnd);
      if (stack.length) stack[stack.length - 1].el.text += decode(text, i);
      else if (text.trim()) fail('text outside the root element', i);
    }
    if (lt === -1) break;
    i = lt;
    if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i);
      if (end === -1) fail('unterminated processing instruction');
      i = end + 2;
    } else if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i);
      if (end === -1) fail('unterminated comment');
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i);
      if (end === -1) fail('unterminated CDATA section');
      if (stack.length) stack[stack.length - 1].el.text += s.slice(i + 9, end);
      i = end + 3;
    } else if (s.startsWith('<!DOCTYPE', i)) {
      let depth = 0;
      let k = i;
      for (; k < s.length; k++) {
        if (s[k] === '[') depth++;
        else if (s[k] === ']') depth--;
        else if (s[k] === '>' && depth <= 0) break;
      }
      i = k + 1;
    } else if (s.startsWith('</', i)) {
      const end = s.indexOf('>', i);
      if (end === -1) fail('unterminated end tag');
      const name = s.slice(i + 2, end).trim();
      const top = stack.pop();
      if (!top) fail(`end tag </${name}> without a start tag`);
      if (top!.el.name !== name) fail(`</${name}> closes <${top!.el.name}>`);
      top!.el.text = top!.el.text.trim();
      i = end + 1;
    } else {
      const m = /^<([A-Za-z_][\w.:-]*)/.exec(s.slice(i, i + 200));
      if (!m) fail('malformed tag');
      const start = i;
      const name = m![1];
      i += m![0].length;
      const raw: {name: string; value: string}[] = [];
      let selfClosing = false;
      for (;;) {
        const ws = /^\s*/.exec(s.slice(i))![0];
        i += ws.length;
        if (s.startsWith('/>', i)) {
          selfClosing = true;
          i += 2;
          break;
        }
        if (s[i] === '>') {
          i += 1;
          break;
        }
        const a = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(s.slice(i));
        if (!a) fail(`malformed attribute in <${name}>`);
        if (raw.some((r) => r.name === a![1])) fail(`attribute ${a![1]} repeated in <${name}>`);
        raw.push({name: a![1], value: decode(a![3] ?? a![4], i)});
        i += a![0].length;
      }
      const parentScope = stack.length ? stack[stack.length - 1].scope : new Map([['xml', XML_NS]]);
      const scope = new Map(parentScope);
      for (const r of raw) {
        if (r.name === 'xmlns') scope.set('', r.value);
        else if (r.name.startsWith('xmlns:')) scope.set(r.name.slice(6), r.value);
      }
      const resolve = (qname: string, isAttr: boolean): [string, string] => {
        const c = qname.indexOf(':');
        if (c === -1) return [qname, isAttr ? '' : (scope.get('') ?? '')];
        const prefix = qname.slice(0, c);
        const uri = scope.get(prefix);
        if (uri === undefined) fail(`namespace prefix "${prefix}" is not declared`, start);
        return [qname.slice(c + 1), uri!];
      };
      const [local, ns] = resolve(name, false);
      const el: XmlElement = {
        name,
        local,
        ns,
        attributes: raw
          .filter((r) => r.name !== 'xmlns' && !r.name.startsWith('xmlns:'))
          .map((r) => {
            const [l, n] = resolve(r.name, true);
            return {name: r.name, local: l, ns: n, value: r.value};
          }),
        children: [],
        text: '',
        line: lineAt(start),
      };
      if (stack.length) stack[stack.length - 1].el.children.push(el);
      else if (root) fail('more than one root element', start);
      else root = el;
      if (!selfClosing) stack.push({el, scope});
    }
  }
  if (stack.length) fail(`<${stack[stack.length - 1].el.name}> is not closed`, s.length);
  if (!root) fail('no root element', 0);
  return root!;

  function decode(t: string, pos: number): string {
    return t.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);?/g, (whole, e: string) => {
      if (!whole.endsWith(';')) fail(`malformed entity ${whole}`, pos);
      if (e === 'amp') return '&';
      if (e === 'lt') return '<';
      if (e === 'gt') return '>';
      if (e === 'quot') return '"';
      if (e === 'apos') return "'";
      return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    });
  }
}

/** The value of an attribute by local name (and namespace, when given). */
export function attr(el: XmlElement, local: string, ns?: string): string | undefined {
  return el.attributes.find((a) => a.local === local && (ns === undefined || a.ns === ns))?.value;
}

/** Every descendant (depth first, document order) with this local name (and namespace, when given). */
export function findAll(el: XmlElement, local: string, ns?: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const c of e.children) {
      if (c.local === local && (ns === undefined || c.ns === ns)) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

export function findFirst(el: XmlElement, local: string, ns?: string): XmlElement | undefined {
  return findAll(el, local, ns)[0];
}
