import {css} from 'lit';

/**
 * Styles of `<ict-course>`. Every colour and size is a custom property (a design token) with a default here, so a
 * host page themes the course with CSS alone; `::part()` reaches the main regions. Logical properties only (no
 * left/right): the layout mirrors itself for right-to-left languages.
 */
export const styles = css`
  :host {
    --ict-font-family: system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans Arabic', 'Noto Sans SC', sans-serif;
    --ict-font-size: 1rem;
    --ict-line-height: 1.6;
    --ict-heading-font-family: var(--ict-font-family);
    /* Chinese: a system CJK font before any Latin one, so that Han characters and full-width punctuation come
       from one Simplified Chinese face (a Latin-first stack takes the quotes from the Latin font) */
    --ict-font-family-zh: system-ui, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans SC',
      'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif;
    --ict-color-text: #1b1f24;
    --ict-color-muted: #4a5560;
    --ict-color-background: #fff;
    --ict-color-surface: #f1f4f8;
    --ict-color-primary: #005a9c;
    --ict-color-on-primary: #fff;
    --ict-color-header: #00365e;
    --ict-color-on-header: #fff;
    --ict-color-border: #6e7781;
    --ict-color-focus: #c2410c;
    --ict-color-success: #1a7431;
    --ict-color-error: #b3261e;
    --ict-color-progress: var(--ict-color-primary);
    --ict-radius: 0.375rem;
    --ict-space: 1rem;
    --ict-focus-width: 3px;
    --ict-content-max-width: 46rem;
    --ict-toc-width: 16rem;

    display: block;
    color: var(--ict-color-text);
    background: var(--ict-color-background);
    font-family: var(--ict-font-family);
    font-size: var(--ict-font-size);
    line-height: var(--ict-line-height);
    overflow-wrap: anywhere;
  }
  :host([hidden]) {
    display: none;
  }
  /* Chinese text: its own font stack, strict line breaking (no closing punctuation at the start of a line), and
     emphasis without a slanted face (Han characters have no italic: a synthesized slant is hard to read) */
  .frame:lang(zh) {
    --ict-font-family: var(--ict-font-family-zh);
    --ict-heading-font-family: var(--ict-font-family-zh);
    font-family: var(--ict-font-family);
    line-break: strict;
  }
  .frame:lang(zh) em {
    font-style: normal;
    text-emphasis: filled dot;
    text-emphasis-position: under right;
  }
  * {
    box-sizing: border-box;
  }
  .vh {
    position: absolute;
    inline-size: 1px;
    block-size: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  :focus-visible {
    outline: var(--ict-focus-width) solid var(--ict-color-focus);
    outline-offset: 2px;
  }
  [tabindex='-1']:focus {
    outline: none;
  }
  [tabindex='-1']:focus-visible {
    outline: var(--ict-focus-width) solid var(--ict-color-focus);
  }
  h1,
  h2,
  h3,
  h4,
  h5,
  h6 {
    font-family: var(--ict-heading-font-family);
    line-height: 1.25;
    margin-block: 1.25em 0.5em;
  }
  h1 {
    font-size: 1.5rem;
    margin: 0;
  }
  h2 {
    font-size: 1.5rem;
    margin-block-start: 0;
  }
  h3 {
    font-size: 1.25rem;
  }
  h4,
  h5,
  h6 {
    font-size: 1.0625rem;
  }
  a {
    color: var(--ict-color-primary);
  }
  img,
  video,
  svg {
    max-inline-size: 100%;
    block-size: auto;
  }
  /* A table wider than the page scrolls inside its own region; the page itself never scrolls sideways. */
  .table-scroll {
    max-inline-size: 100%;
    overflow-x: auto;
    margin-block: 0 var(--ict-space);
  }
  table {
    border-collapse: collapse;
  }
  th,
  td {
    border: 1px solid var(--ict-color-border);
    padding: 0.25rem 0.5rem;
    text-align: start;
    vertical-align: top;
    /* words stay whole (no "Alignme-nt"): a column is at least as wide as its longest word, hyphenated where the
       language allows, and the region scrolls instead */
    overflow-wrap: normal;
    hyphens: auto;
    min-inline-size: 6rem;
  }
  pre {
    overflow-x: auto;
  }

  button {
    font: inherit;
    min-block-size: 2.75rem;
    padding: 0.5rem 1rem;
    border-radius: var(--ict-radius);
    border: 2px solid var(--ict-color-primary);
    background: var(--ict-color-primary);
    color: var(--ict-color-on-primary);
    cursor: pointer;
  }
  button.secondary {
    background: var(--ict-color-background);
    color: var(--ict-color-primary);
  }

  .skip {
    position: absolute;
    inset-inline-start: var(--ict-space);
    inset-block-start: -10rem;
    z-index: 1;
    padding: 0.5rem 1rem;
    background: var(--ict-color-background);
    color: var(--ict-color-primary);
  }
  .skip:focus {
    inset-block-start: 0.5rem;
  }
  .frame {
    position: relative;
    display: flex;
    flex-direction: column;
    min-block-size: inherit;
  }
  /* The course is the page (the package's index.html): the contents column reaches the bottom of the window. */
  :host([data-page]) {
    min-block-size: 100vh;
  }

  header,
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem var(--ict-space);
    padding: 0.75rem var(--ict-space);
    background: var(--ict-color-header);
    color: var(--ict-color-on-header);
  }
  .header h1 {
    flex: 1 1 16rem;
  }
  .meter {
    padding: 0 var(--ict-space) 0.75rem;
    background: var(--ict-color-header);
    color: var(--ict-color-on-header);
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    font-size: 0.9375rem;
  }
  progress {
    appearance: none;
    flex: 1 1 10rem;
    block-size: 0.75rem;
    border: 1px solid var(--ict-color-on-header);
    border-radius: var(--ict-radius);
    background: var(--ict-color-header);
    overflow: hidden;
  }
  progress::-webkit-progress-bar {
    background: transparent;
  }
  progress::-webkit-progress-value {
    background: var(--ict-color-on-header);
  }
  progress::-moz-progress-bar {
    background: var(--ict-color-on-header);
  }

  .status {
    flex: 1 1 100%;
    font-size: 0.9375rem;
  }
  /* What comes after the first screen has its place kept from the start, so that nothing moves under the learner's
     finger: the language menu and Exit (with the views) and, on a package page, a line about offline use under the
     saving status (in the web package, a line with a button). */
  .header .tools {
    min-block-size: 2.875rem;
  }
  :host([data-page]) .status {
    min-block-size: calc(2em * var(--ict-line-height));
  }
  :host([data-page][data-web]) .status {
    min-block-size: calc(1em * var(--ict-line-height) + 2.5rem);
  }
  .status .alert:not(:empty) {
    display: block;
    margin-block-start: 0.25rem;
    padding: 0.25rem 0.5rem;
    border-radius: var(--ict-radius);
    background: var(--ict-color-background);
    color: var(--ict-color-error);
    font-weight: 600;
  }
  .notice {
    flex: 1 1 100%;
    margin: 0;
    padding: 0.25rem 0.5rem;
    border-radius: var(--ict-radius);
    background: var(--ict-color-background);
    color: var(--ict-color-text);
    font-weight: 600;
  }

  .body {
    flex: 1 0 auto;
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    grid-template-rows: auto 1fr;
  }
  nav {
    padding: var(--ict-space);
    background: var(--ict-color-surface);
    border-block-end: 1px solid var(--ict-color-border);
  }
  @media (min-width: 48rem) {
    .body {
      grid-template-columns: var(--ict-toc-width) minmax(0, 1fr);
      grid-template-rows: 1fr;
    }
    nav {
      border-block-end: none;
      border-inline-end: 1px solid var(--ict-color-border);
    }
  }
  nav h2 {
    font-size: 1.0625rem;
    margin-block-end: 0.5rem;
  }
  /* A narrow screen shows the lesson first: the contents open from a button. */
  .toc-btn {
    display: none;
  }
  @media (max-width: 47.99rem) {
    nav h2,
    [aria-expanded='false'] + ol {
      display: none;
    }
    .toc-btn {
      display: block;
    }
  }
  nav ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  nav li a {
    display: flex;
    gap: 0.5rem;
    padding: 0.375rem 0.5rem;
    border-inline-start: 4px solid transparent;
    text-decoration: none;
    color: var(--ict-color-text);
  }
  nav li a:hover {
    text-decoration: underline;
  }
  nav li a[aria-current] {
    border-inline-start-color: var(--ict-color-primary);
    font-weight: 700;
  }
  .mark {
    flex: none;
    inline-size: 1.25em;
    color: var(--ict-color-success);
  }

  .main {
    padding: var(--ict-space);
    max-inline-size: calc(var(--ict-content-max-width) + 2 * var(--ict-space));
    min-inline-size: 0;
  }
  .main h2:focus {
    outline: none;
  }
  .kicker,
  .hint {
    color: var(--ict-color-muted);
    margin-block: 0 0.5rem;
  }
  /* A diagram (a course's figure): drawn with the theme's colours, as wide as the text up to 26rem, centred. */
  .diagram {
    margin: 0 0 var(--ict-space);
  }
  .diagram svg {
    display: block;
    inline-size: 100%;
    max-inline-size: 26rem;
    block-size: auto;
    margin-inline: auto;
    fill: var(--ict-color-text);
  }
  .diagram .surface {
    fill: var(--ict-color-surface);
  }
  .diagram .accent {
    fill: var(--ict-color-primary);
  }
  .diagram .on-accent {
    fill: var(--ict-color-on-primary);
  }
  .diagram .muted {
    fill: var(--ict-color-muted);
  }
  .diagram .line {
    stroke: var(--ict-color-border);
    stroke-width: 2px;
  }
  .diagram summary {
    color: var(--ict-color-primary);
    cursor: pointer;
  }
  /* A term the course explains: the words in the sentence open its definition, which follows them. */
  button.term {
    display: inline;
    min-block-size: 0;
    padding: 0;
    border: 0;
    background: none;
    color: var(--ict-color-primary);
    text-decoration: underline dotted;
    text-underline-offset: 0.2em;
  }
  button.term[aria-expanded='true'] {
    text-decoration-style: solid;
  }
  .term-def:not([hidden]) {
    display: block;
    margin-block: 0.25rem 0.5rem;
    padding: 0.5rem 0.75rem;
    border-inline-start: 4px solid var(--ict-color-primary);
    background: var(--ict-color-surface);
  }
  .key-points {
    border-inline-start: 4px solid var(--ict-color-primary);
    background: var(--ict-color-surface);
    padding: 0.5rem var(--ict-space);
  }

  .facts {
    padding: 0;
    list-style: none;
  }
  .actions,
  .pager {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    margin-block: calc(1.5 * var(--ict-space)) var(--ict-space);
  }
  .pager {
    justify-content: space-between;
  }
  .pager .next {
    margin-inline-start: auto;
  }

  .error-screen {
    padding: var(--ict-space);
    max-inline-size: var(--ict-content-max-width);
  }
  .error-screen h1:focus {
    outline: none;
  }

`;
