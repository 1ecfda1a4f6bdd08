/** Terminal output of the command line: where text goes, a one-line progress display, plain tables. */

export interface Output {
  /** a line on standard output */
  log(s: string): void;
  /** a line on standard error */
  error(s: string): void;
  /** raw text on standard output (the progress line) */
  write(s: string): void;
  /** standard output is a terminal: show progress */
  isTTY: boolean;
}

/** `[ 3/12] message` on one line, redrawn in place; only on a terminal. */
export class Progress {
  #shown = false;
  constructor(private readonly out: Output) {}

  show(done: number, total: number, message: string): void {
    if (!this.out.isTTY) return;
    const width = String(total).length;
    const bar = total ? Math.round((done / total) * 20) : 0;
    this.out.write(
      `\r\x1b[2K[${'#'.repeat(bar)}${'.'.repeat(20 - bar)}] ${String(done).padStart(width)}/${total} ${message}`,
    );
    this.#shown = true;
  }

  clear(): void {
    if (this.#shown) this.out.write('\r\x1b[2K');
    this.#shown = false;
  }
}

/** A plain text table: a header, a rule, the rows; `right[i]` aligns column i to the right. */
export function table(header: string[], rows: string[][], right: boolean[] = []): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
