/**
 * Hands the exact benchmark matrices to bench/numpy_reference.py: raw little-endian float64 files (`np.fromfile`)
 * plus a JSON header with shapes, parameters and the JS figures to compare against.
 *
 * Files per book id: `<id>.returns.f64` (W x N, row-major, t = 0 oldest), `<id>.values.f64` (N),
 * `<id>.component.f64` (N, JS component VaR) and `<id>.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Header of one exported case. */
export interface ExportHeader {
  readonly id: string
  readonly W: number
  readonly N: number
  readonly confidence: number
  readonly lambda: number
  readonly runs: number
  readonly warmup: number
  readonly jsFigures: Record<string, number>
}

function toLittleEndianBytes(a: Float64Array): Uint8Array {
  // Every platform Node 22 ships for is little-endian; refuse rather than write a file NumPy would misread.
  if (new Uint8Array(new Float64Array([1]).buffer)[7] !== 0x3f) throw new Error('matrix-export: big-endian host')
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength)
}

/** Writes one case to `dir`; returns the header file's path. */
export function exportCase(dir: string, header: ExportHeader, returns: Float64Array, values: Float64Array, component: Float64Array): string {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, `${header.id}.returns.f64`), toLittleEndianBytes(returns))
  writeFileSync(join(dir, `${header.id}.values.f64`), toLittleEndianBytes(values))
  writeFileSync(join(dir, `${header.id}.component.f64`), toLittleEndianBytes(component))
  const file = join(dir, `${header.id}.json`)
  writeFileSync(file, `${JSON.stringify(header, null, 2)}\n`)
  return file
}
