/**
 * The audit trail's public surface: open the database, append and query events, verify the chain, export, and
 * the saved-books repository. See each module's header for conventions (canonical JSON, hash definition, pragmas,
 * migrations).
 */
export { openDatabase, closeDatabase, DEFAULT_BUSY_TIMEOUT_MS, type OpenDatabaseOptions } from './db'
export { AuditDbError, AuditInputError, type AuditDbErrorKind } from './errors'
export { LATEST_SCHEMA_VERSION, MIGRATIONS, RISKDESK_APPLICATION_ID, migrate, type Migration, type MigrationResult } from './migrations'
export { canonicalJson, CanonicalJsonError, type CanonicalJsonValue } from './canonical-json'
export { computeEventHash, hashPreimage, GENESIS_HASH, HASH_PATTERN, type HashedEventFields } from './event-hash'
export { AUDIT_EVENT_TYPES, type AuditEventInput, type AuditEventType, type AuditRecord, type ChainHead } from './event-types'
export { AuditLog, rowToRecord, type AuditLogOptions } from './event-log'
export { DEFAULT_QUERY_LIMIT, MAX_QUERY_LIMIT, type AuditQuery } from './history-query'
export { verifyChain, type VerifyOptions, type VerifyResult } from './verify'
export { exportEvents, writeEvents, EXPORT_COLUMNS, type ExportOptions, type ExportedEvent } from './export'
export { BooksRepository, BookStoreError, type NewBook, type SavedBook, type SavedBookSummary } from './books-repository'
