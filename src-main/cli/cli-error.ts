/** An error the CLI reports as one line (no stack trace) with exit code 2 for usage, 1 otherwise. */
export class CliError extends Error {
  override readonly name = 'CliError'
  constructor(
    message: string,
    readonly exitCode = 1,
    /** extra lines printed after the message (e.g. a validation report) */
    readonly details: readonly string[] = [],
  ) {
    super(message)
  }
}
