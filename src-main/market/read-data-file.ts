import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'
import { DataFileError } from './data-file-error'

/**
 * Reads a data file into memory, gunzipping it when it starts with the gzip magic bytes 1f 8b (RFC 1952 §2.3.1),
 * whatever its extension, and dropping a UTF-8 byte-order mark.
 *
 * @param path file to read, plain text or gzip (multi-member gzip is accepted, as by `gunzip`)
 * @returns the decompressed bytes, without BOM
 * @throws DataFileError (line 0) if the file cannot be read, the gzip stream is corrupt, or the text is UTF-16
 *   (a BOM FF FE / FE FF), which these ASCII loaders do not decode.
 */
export function readDataFile(path: string): Uint8Array {
  let raw: Buffer
  try {
    raw = readFileSync(path)
  } catch (err) {
    throw new DataFileError(path, 0, null, `cannot read file: ${(err as Error).message}`)
  }
  let bytes: Uint8Array = raw
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw)
    } catch (err) {
      throw new DataFileError(path, 0, null, `corrupt gzip data: ${(err as Error).message}`)
    }
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3)
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new DataFileError(path, 0, null, 'UTF-16 text is not supported; save the file as UTF-8 or ASCII')
  }
  return bytes
}
