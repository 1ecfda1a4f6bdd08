import {css} from 'lit';

/**
 * Styles of the views loaded on demand (decisions, self-checks, questions, feedback, results, certificate,
 * glossary): added
 * to `<ict-course>`'s shadow root when they load, with the motion, forced-colours and print rules of the whole player
 * (rarely needed before the first lesson is on screen). Same tokens as `ict-course.styles.ts`; logical properties only.
 */
export const viewStyles = css`
  .toc-more {
    margin: 0.5rem 0 0;
    padding-inline-start: calc(0.5rem + 4px);
  }
  @media (max-width: 47.99rem) {
    [aria-expanded='false'] ~ .toc-more {
      display: none;
    }
  }
  dl.glossary dt {
    font-weight: 700;
    margin-block-start: 0.75rem;
  }
  dl.glossary dd {
    margin: 0.25rem 0 0;
  }
  fieldset {
    border: 1px solid var(--ict-color-border);
    border-radius: var(--ict-radius);
    margin: 0 0 var(--ict-space);
    padding: 0.75rem var(--ict-space);
    min-inline-size: 0;
  }
  /* A question's prompt may be long: laid out as a block inside the box, never across its border. */
  legend {
    float: inline-start;
    inline-size: 100%;
    padding: 0;
    margin-block-end: 0.5rem;
    font-weight: 600;
  }
  legend + * {
    clear: both;
  }
  legend .p {
    display: block;
  }
  .decision fieldset {
    border: 0;
    padding: 0;
  }
  .prompt > :first-child {
    margin-block-start: 0;
  }
  .prompt > :last-child {
    margin-block-end: 0.5rem;
  }
  .option {
    display: flex;
    align-items: flex-start;
    gap: 0.75rem;
    padding: 0.5rem;
    border-radius: var(--ict-radius);
    cursor: pointer;
  }
  /* 24 x 24 px at least (WCAG 2.5.8), besides the label that also selects it */
  .option input {
    flex: none;
    inline-size: 1.5rem;
    block-size: 1.5rem;
    margin: 0.05rem 0 0;
    accent-color: var(--ict-color-primary);
  }
  .option:hover {
    background: var(--ict-color-surface);
  }
  .scale {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--ict-space);
  }
  .block {
    margin-block: calc(1.5 * var(--ict-space));
    padding: var(--ict-space);
    border: 1px solid var(--ict-color-border);
    border-radius: var(--ict-radius);
  }
  .block > h3:first-child {
    margin-block-start: 0;
  }
  .feedback {
    margin-block: var(--ict-space);
    padding: 0.75rem var(--ict-space);
    border-inline-start: 4px solid var(--ict-color-primary);
    background: var(--ict-color-surface);
  }
  .feedback.correct {
    border-inline-start-color: var(--ict-color-success);
  }
  .feedback.incorrect {
    border-inline-start-color: var(--ict-color-error);
  }
  .feedback > :first-child {
    margin-block-start: 0;
  }
  .feedback > :last-child {
    margin-block-end: 0;
  }
  .verdict {
    font-weight: 700;
  }
  .ok {
    color: var(--ict-color-success);
  }
  .bad,
  .error {
    color: var(--ict-color-error);
  }
  .score {
    font-size: 1.5rem;
    font-weight: 700;
    margin-block: 0.5rem;
  }

  .out-of-attempts {
    font-weight: 600;
  }
  .review ol {
    padding-inline-start: 1.5rem;
  }
  .review li {
    margin-block-end: var(--ict-space);
  }
  .certificate {
    margin-block: calc(1.5 * var(--ict-space));
    padding: calc(2 * var(--ict-space)) var(--ict-space);
    border: 4px double var(--ict-color-primary);
    text-align: center;
  }
  .certificate p {
    margin-block: 0.5rem;
  }
  .certificate .cert-title {
    font-family: var(--ict-heading-font-family);
    font-size: 1.5rem;
    font-weight: 700;
    color: var(--ict-color-primary);
  }
  .certificate .name,
  .certificate .course {
    font-size: 1.25rem;
    font-weight: 700;
  }
  .certificate dl {
    display: flex;
    flex-wrap: wrap;
    justify-content: center;
    gap: 0.25rem 2rem;
    margin-block: var(--ict-space) 0;
  }
  .certificate dl div {
    display: flex;
    gap: 0.5rem;
  }
  .certificate dd {
    margin: 0;
    font-weight: 600;
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 0.25rem;
    margin-block: var(--ict-space);
  }
  /* the header's tools (language menu, Exit) and the buttons of the offline line; the certificate's name field */
  .header .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }
  .header button {
    background: transparent;
    border-color: var(--ict-color-on-header);
    color: var(--ict-color-on-header);
  }
  .header :focus-visible {
    outline-color: var(--ict-color-on-header);
  }
  .header label {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
  }
  .status .offline:not(:empty) {
    display: block;
  }
  .header button.small {
    min-block-size: 2.25rem;
    margin-block-start: 0.25rem;
    padding: 0.25rem 0.75rem;
    font-size: 0.9375rem;
  }
  button:disabled {
    cursor: not-allowed;
    opacity: 0.75;
  }
  select,
  input[type='text'] {
    font: inherit;
    color: var(--ict-color-text);
    background: var(--ict-color-background);
    border: 1px solid var(--ict-color-border);
    border-radius: var(--ict-radius);
    padding: 0.25rem 0.5rem;
    max-inline-size: 100%;
  }
  /* A phone: the progress bar stays at the top, Previous and Next at the bottom, and headings take less room. */
  @media (max-width: 47.99rem) {
    .meter {
      position: sticky;
      inset-block-start: 0;
      z-index: 1;
      padding-block-start: 0.5rem;
    }
    .pager {
      position: sticky;
      inset-block-end: 0;
      z-index: 1;
      margin-block-end: 0;
      padding-block: 0.5rem;
      background: var(--ict-color-background);
      border-block-start: 1px solid var(--ict-color-border);
    }
    h1 {
      font-size: 1.125rem;
    }
    h2 {
      font-size: 1.3125rem;
    }
  }
  /* Motion, a nicety that can wait for the views: none where the learner asks for less. */
  button {
    transition:
      background-color 0.15s ease,
      color 0.15s ease;
  }
  progress::-webkit-progress-value {
    transition: inline-size 0.3s ease;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after,
    progress::-webkit-progress-value {
      transition: none !important;
      animation: none !important;
      scroll-behavior: auto !important;
    }
  }

  @media (forced-colors: active) {
    progress {
      border-color: CanvasText;
    }
    progress::-webkit-progress-value {
      background: Highlight;
    }
    button {
      border-color: ButtonText;
    }
    :focus-visible {
      outline-color: Highlight;
    }
    nav li a[aria-current] {
      border-inline-start-color: Highlight;
    }
    .key-points,
    .notice {
      border-color: CanvasText;
    }
    .feedback {
      border-color: CanvasText;
    }
  }
  @media print {
    :host {
      color: #000;
      background: #fff;
    }
    .skip,
    .header,
    .meter,
    .status,
    .notice,
    nav,
    .pager,
    .actions,
    .no-print {
      display: none !important;
    }
    .body {
      display: block;
    }
    .main {
      max-inline-size: none;
    }
    .main.printing > :not(.certificate) {
      display: none !important;
    }
    .certificate {
      border-color: #000;
      break-inside: avoid;
    }
  }
`;
