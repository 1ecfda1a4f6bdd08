/**
 * Errors of the packager and the command line. Each carries a stable code, the place when there is one, what to do,
 * and the process exit code the command line reports for it.
 */

/** Exit codes `ict` returns; scripts may rely on them. */
export const EXIT = {
  ok: 0,
  /** a course does not compile, an asset is refused, a manifest is invalid, a package has problems */
  failed: 1,
  /** bad usage: unknown command, option, course id or format */
  usage: 2,
  /** the output folder cannot be written */
  output: 3,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type PackageErrorCode =
  | 'bad-usage'
  | 'unknown-course'
  | 'unknown-format'
  | 'no-courses'
  | 'invalid-version'
  | 'invalid-id'
  | 'compile-failed'
  | 'asset-missing'
  | 'asset-too-large'
  | 'asset-path'
  | 'manifest-invalid'
  | 'player-build-failed'
  | 'service-worker-failed'
  | 'output-unwritable';

const EXIT_FOR: Record<PackageErrorCode, ExitCode> = {
  'bad-usage': EXIT.usage,
  'unknown-course': EXIT.usage,
  'unknown-format': EXIT.usage,
  'no-courses': EXIT.usage,
  'invalid-version': EXIT.failed,
  'invalid-id': EXIT.failed,
  'compile-failed': EXIT.failed,
  'asset-missing': EXIT.failed,
  'asset-too-large': EXIT.failed,
  'asset-path': EXIT.failed,
  'manifest-invalid': EXIT.failed,
  'player-build-failed': EXIT.failed,
  'service-worker-failed': EXIT.failed,
  'output-unwritable': EXIT.output,
};

export class PackageError extends Error {
  override readonly name = 'PackageError';
  readonly exitCode: ExitCode;
  constructor(
    readonly code: PackageErrorCode,
    message: string,
    /** what to do about it */
    readonly hint?: string,
    /** the file concerned, when there is one */
    readonly file?: string,
    /** further lines (for example every compiler problem, or every validator message) */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.exitCode = EXIT_FOR[code];
  }

  /** The message as the command line prints it: `file: message [code]`, the details, then the hint. */
  format(): string {
    const head = `${this.file ? `${this.file}: ` : ''}${this.message} [${this.code}]`;
    const lines = [head, ...this.details.map((d) => `  ${d.replace(/\n/g, '\n  ')}`)];
    if (this.hint) lines.push(`  ${this.hint}`);
    return lines.join('\n');
  }
}
