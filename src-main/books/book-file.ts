import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs'
import { open } from 'node:fs/promises'
import type { BookParseResult } from '@shared/domain/book'
import { DEFAULT_MAX_BOOK_BYTES, parseBookText, tooLargeBook, type BookParseOptions } from './book-parser'
import { describeIoError } from './io-errors'
import { isXlsxFile, parseXlsxBook, xlsxNotReadHere } from './xlsx-rows'

/** Options of {@link readBookFile}: those of parseBookText, with the file name defaulting to the path. */
export interface ReadBookOptions extends Omit<BookParseOptions, 'file'> {
  /** name shown in issues (default: the path as given). */
  readonly file?: string
}

/** An I/O failure reading a book file (missing, unreadable, not a regular file). Bad content never throws. */
export class BookFileError extends Error {
  constructor(
    readonly file: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`cannot read book file '${file}': ${reason}`, options)
    this.name = 'BookFileError'
  }
}

/**
 * Reads a book file and parses it with parseBookText.
 *
 * The size is checked with fstat on the open file before its content is read, so an oversized file costs
 * no memory: it yields a `too-large` error result (not an exception). Format: from the extension (.json;
 * .csv/.tsv/.txt), else sniffed. Encoding: UTF-8 (invalid bytes become U+FFFD and are reported as a
 * warning); a UTF-16 file is recognised by its byte-order mark.
 *
 * @param path - file path
 * @param opts - parse options (knownSymbols, maxBytes, maxRows, format, display name)
 * @returns the parse result; bad content is reported in it, never thrown
 * @throws BookFileError if the file cannot be opened or read, or is not a regular file
 */
export function readBookFile(path: string, opts: ReadBookOptions = {}): BookParseResult {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BOOK_BYTES
  let fd: number
  try {
    fd = openSync(path, 'r')
  } catch (e) {
    throw ioError(path, e)
  }
  try {
    const stat = fstatSync(fd)
    if (!stat.isFile()) throw new BookFileError(path, 'not a regular file')
    if (stat.size > maxBytes) return tooLargeBook(opts.file ?? path, stat.size, maxBytes)
    if (isXlsxFile(path)) return xlsxNotReadHere(opts.file ?? path)
    return parseBytes(path, readFileSync(fd), opts, maxBytes)
  } catch (e) {
    throw e instanceof BookFileError ? e : ioError(path, e)
  } finally {
    closeSync(fd)
  }
}

/**
 * Asynchronous {@link readBookFile}, for the Electron main process / host, where a synchronous read of a
 * 5 MB file would stall the event loop. Same checks, results and errors.
 *
 * @throws BookFileError if the file cannot be opened or read, or is not a regular file
 */
export async function readBookFileAsync(path: string, opts: ReadBookOptions = {}): Promise<BookParseResult> {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BOOK_BYTES
  const handle = await open(path, 'r').catch((e: unknown) => {
    throw ioError(path, e)
  })
  try {
    const stat = await handle.stat()
    if (!stat.isFile()) throw new BookFileError(path, 'not a regular file')
    if (stat.size > maxBytes) return tooLargeBook(opts.file ?? path, stat.size, maxBytes)
    if (isXlsxFile(path)) return await parseXlsxBook(await handle.readFile(), { ...opts, file: opts.file ?? path })
    return parseBytes(path, await handle.readFile(), opts, maxBytes)
  } catch (e) {
    throw e instanceof BookFileError ? e : ioError(path, e)
  } finally {
    await handle.close()
  }
}

function parseBytes(path: string, bytes: Uint8Array, opts: ReadBookOptions, maxBytes: number): BookParseResult {
  const file = opts.file ?? path
  // The file may have grown between fstat and read.
  if (bytes.length > maxBytes) return tooLargeBook(file, bytes.length, maxBytes)
  // The byte limit applies to the file itself; the UTF-8 size of a decoded UTF-16 file is not re-checked.
  return parseBookText(decodeText(bytes), { ...opts, file, maxBytes: Number.POSITIVE_INFINITY })
}

/**
 * Decodes file bytes: UTF-16 LE/BE when they start with the matching byte-order mark, else UTF-8 with invalid
 * sequences replaced by U+FFFD (which parseBookText reports). The BOM is kept (ignoreBOM) so the parser can
 * report it.
 */
export function decodeText(bytes: Uint8Array): string {
  let encoding = 'utf-8'
  if (bytes[0] === 0xff && bytes[1] === 0xfe) encoding = 'utf-16le'
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) encoding = 'utf-16be'
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes)
}

function ioError(path: string, e: unknown): BookFileError {
  return new BookFileError(path, describeIoError(e), { cause: e })
}
