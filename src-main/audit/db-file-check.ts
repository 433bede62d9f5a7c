/**
 * Cheap checks on a database file before SQLite opens it, so that a file that is not SQLite at all is refused
 * without ever being handed to a writable connection.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { AuditDbError } from './errors'

/** The 16 bytes every SQLite 3 database file starts with (https://www.sqlite.org/fileformat.html#magic_header_string). */
const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1')
/** Size of the SQLite database header (https://www.sqlite.org/fileformat.html#the_database_header). */
const SQLITE_HEADER_BYTES = 100

/** What the pre-open check found. */
export type DbFileState = 'missing' | 'empty' | 'sqlite'

/**
 * Look at `file` without modifying it.
 *
 * @param file - path of the database file.
 * @returns `missing` (no such file: a new database will be created), `empty` (0 bytes: SQLite treats it as a new,
 *   empty database) or `sqlite` (starts with the SQLite magic string and has a full 100-byte header).
 * @throws AuditDbError `not-sqlite` when the first 16 bytes are not the SQLite magic string, `corrupt` when the
 *   file starts like SQLite but is shorter than its header, `open-failed` when it is a directory or unreadable.
 */
export function inspectDbFile(file: string): DbFileState {
  let size: number
  try {
    const st = statSync(file, { throwIfNoEntry: false })
    if (st === undefined) return 'missing'
    if (!st.isFile()) throw new AuditDbError(file, 'open-failed', 'is not a RiskDesk database: it is not a regular file')
    size = st.size
  } catch (err) {
    if (err instanceof AuditDbError) throw err
    throw new AuditDbError(file, 'open-failed', `cannot be read: ${(err as Error).message}`, { cause: err })
  }
  if (size === 0) return 'empty'
  const head = Buffer.alloc(SQLITE_HEADER_BYTES)
  let read: number
  try {
    const fd = openSync(file, 'r')
    try {
      read = readSync(fd, head, 0, SQLITE_HEADER_BYTES, 0)
    } finally {
      closeSync(fd)
    }
  } catch (err) {
    throw new AuditDbError(file, 'open-failed', `cannot be read: ${(err as Error).message}`, { cause: err })
  }
  const magicLength = Math.min(read, SQLITE_MAGIC.length)
  if (read < SQLITE_MAGIC.length && !head.subarray(0, magicLength).equals(SQLITE_MAGIC.subarray(0, magicLength))) {
    throw new AuditDbError(file, 'not-sqlite', `is not a RiskDesk database: it is not an SQLite file (${size} bytes)`)
  }
  if (read >= SQLITE_MAGIC.length && !head.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) {
    throw new AuditDbError(
      file,
      'not-sqlite',
      `is not a RiskDesk database: it is not an SQLite file (starts with bytes ${head.subarray(0, 8).toString('hex')})`,
    )
  }
  if (read < SQLITE_HEADER_BYTES) {
    throw new AuditDbError(file, 'corrupt', `is corrupt: ${size} bytes is shorter than the ${SQLITE_HEADER_BYTES}-byte SQLite header (truncated?)`)
  }
  return 'sqlite'
}
