// The two functions of the `xliff` package used here (it ships no types), and the document they read and write.
declare module 'xliff/xliff2js' {
  export interface XliffUnit {
    source?: string;
    target?: string;
    note?: string;
  }
  export interface XliffDocument {
    sourceLanguage: string;
    targetLanguage?: string;
    resources: Record<string, Record<string, XliffUnit>>;
  }
  export default function xliff2js(xml: string): Promise<XliffDocument>;
}
declare module 'xliff/js2xliff' {
  import type {XliffDocument} from 'xliff/xliff2js';
  export default function js2xliff(doc: XliffDocument, options: {indent?: string}): Promise<string>;
}
