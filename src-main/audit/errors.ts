/**
 * Errors raised by the audit trail. Each names the database file (or `:memory:`) so a message shown to a user
 * or written to a log says which file is affected without a stack trace.
 */

/**
 * Why a database could not be opened:
 * - `not-sqlite`: the file does not start with the SQLite header (random bytes, another format);
 * - `corrupt`: SQLite reports the file as malformed (for example truncated) or an integrity check fails;
 * - `not-riskdesk`: a valid SQLite file that belongs to another application;
 * - `from-future`: written by a newer RiskDesk (its schema version is above the newest this build knows);
 * - `needs-migration`: opened read-only but its schema is older than this build's (migrations cannot run);
 * - `open-failed`: any other failure to open (permissions, missing directory, locked).
 */
export type AuditDbErrorKind = 'not-sqlite' | 'corrupt' | 'not-riskdesk' | 'from-future' | 'needs-migration' | 'open-failed'

/**
 * Opening or preparing the audit database failed. The file is never modified when this is thrown by
 * `openDatabase`: every check that can throw runs before the first write.
 */
export class AuditDbError extends Error {
  override readonly name = 'AuditDbError'
  /**
   * @param file - the database path as given to `openDatabase` (or `:memory:`).
   * @param kind - the category, for callers that react differently (offer a restore, refuse an upgrade, ...).
   * @param detail - the human-readable cause; the message is `<file> <detail>`.
   * @param cause - the underlying error (usually a better-sqlite3 `SqliteError`), kept for logs.
   */
  constructor(
    readonly file: string,
    readonly kind: AuditDbErrorKind,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${file} ${detail}`, options)
  }
}

/**
 * An event handed to the audit log is unusable (empty type or actor, bad timestamp, payload that is not
 * canonical-JSON serialisable). `field` names the offending field, `index` the event's position in an `appendMany`
 * frame (0 for `append`). Nothing of the frame is written when this is thrown.
 */
export class AuditInputError extends Error {
  override readonly name = 'AuditInputError'
  constructor(
    readonly field: string,
    message: string,
    readonly index = 0,
    options?: { cause?: unknown },
  ) {
    super(message, options)
  }
}
