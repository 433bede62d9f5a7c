/** One audit event as the desk writes it; the audit module adds seq, hash and the chain link. */
export interface AuditEntry {
  readonly type: string
  readonly actor: string
  readonly book?: string | null
  readonly ts?: string
  readonly payload: unknown
}

/** Where the desk writes its events: all entries of one call in one durable transaction (AuditLog satisfies this). */
export interface AuditSink {
  appendMany(entries: readonly AuditEntry[]): unknown
}
