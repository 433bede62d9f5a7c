/**
 * Hands named float64 arrays and a JSON header to a NumPy reference script (issue #4 benches): `<dir>/<name>.f64`
 * holds the raw little-endian doubles (`np.fromfile(path, dtype='<f8')`) and `<dir>/<id>.json` the header (shapes,
 * parameters, the JS figures to compare against). The directory is emptied first, so a reference script never
 * reads a stale file from an earlier run.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Writes `arrays` as `<dir>/<name>.f64` and `header` as `<dir>/<id>.json`.
 * @returns the header file's path
 * @throws Error on a big-endian host (NumPy would misread the files) or a write failure
 */
export function exportFloat64Case(dir: string, id: string, header: Record<string, unknown>, arrays: Record<string, Float64Array>): string {
  // Every platform Node 22 ships for is little-endian; refuse rather than write files NumPy would misread.
  if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) throw new Error('f64-files: big-endian host')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  for (const [name, a] of Object.entries(arrays)) {
    writeFileSync(join(dir, `${name}.f64`), new Uint8Array(a.buffer, a.byteOffset, a.byteLength))
  }
  const file = join(dir, `${id}.json`)
  writeFileSync(file, `${JSON.stringify({ id, ...header }, null, 2)}\n`)
  return file
}
