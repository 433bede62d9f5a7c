import { CsvByteReader } from './csv-byte-reader'
import { readHeader } from './csv-header'
import { DataFileError } from './data-file-error'
import { readDataFile } from './read-data-file'

/**
 * Loads the GICS sector of each symbol from a sectors file with at least the columns `symbol,gics_sector` (any
 * order, other columns ignored), as /work/shared/data/sp500-gics-sectors/sectors.csv and assets/data/sectors.csv.
 * The sector is the April-2021 GICS classification applied to the whole history (see that file's PROVENANCE.md).
 *
 * @param path CSV file, plain or gzip
 * @returns symbol -> gics_sector, in file order
 * @throws DataFileError (file, line, field) on a missing column, an empty symbol or sector, or a symbol listed twice
 *   (the message gives the first line)
 */
export function loadSectors(path: string): Map<string, string> {
  const reader = new CsvByteReader(readDataFile(path), path)
  const col = readHeader(reader, path, ['symbol', 'gics_sector'])
  const out = new Map<string, string>()
  const firstLine = new Map<string, number>()
  while (reader.next()) {
    if (reader.isBlank()) continue
    const symbol = reader.count > col.symbol ? reader.text(col.symbol).trim() : ''
    const sector = reader.count > col.gics_sector ? reader.text(col.gics_sector).trim() : ''
    if (symbol === '') throw new DataFileError(path, reader.line, 'symbol', 'empty symbol')
    if (sector === '') throw new DataFileError(path, reader.line, 'gics_sector', `empty sector for ${symbol}`)
    const seen = firstLine.get(symbol)
    if (seen !== undefined) {
      throw new DataFileError(path, reader.line, 'symbol', `${symbol} is listed twice (first on line ${seen})`)
    }
    firstLine.set(symbol, reader.line)
    out.set(symbol, sector)
  }
  return out
}
