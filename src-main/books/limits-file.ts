import { readFileSync } from 'node:fs'
import { LimitsSchema, type Limits } from '@shared/domain/limits'
import { describeIoError } from './io-errors'
import { JsonSyntaxError, scanJsonPositions } from './json-locate'
import { BOM, LineIndex, normalizeNewlines } from './text-lines'

/** One problem of a limits file: where (line/column when known, JSON path) and what. */
export interface LimitsProblem {
  readonly file: string
  /** 1-based line of the offending key (or syntax error); absent for a missing key. */
  readonly line?: number
  /** 1-based column, for syntax errors. */
  readonly column?: number
  /** JSONPath of the bad field, e.g. `$.varLimit`; `$` for the whole document. */
  readonly path: string
  readonly message: string
}

/** A limits file whose content is invalid. The message lists every problem, one `file:line: path: message` per line. */
export class LimitsFileError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly LimitsProblem[],
  ) {
    super(`invalid limits file '${file}':\n${problems.map((p) => `  ${formatLimitsProblem(p)}`).join('\n')}`)
    this.name = 'LimitsFileError'
  }
}

/** `file:line:column: path: message`, leaving out the parts that are unknown. */
export function formatLimitsProblem(p: LimitsProblem): string {
  const where = [p.file, p.line, p.column].filter((x) => x !== undefined).join(':')
  return `${where}: ${p.path}: ${p.message}`
}

/**
 * Reads and validates a limits file (assets/books/*.limits.json) against LimitsSchema (zod), filling its
 * defaults.
 *
 * @param path - file path
 * @returns the validated limits
 * @throws Error naming the file if it cannot be read; LimitsFileError for invalid content (see parseLimitsText)
 */
export function readLimitsFile(path: string): Limits {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new Error(`cannot read limits file '${path}': ${describeIoError(e)}`, { cause: e })
  }
  return parseLimitsText(text, path)
}

/**
 * Validates limits JSON text against LimitsSchema.
 *
 * Problems carry the JSONPath of the bad field built from zod's issue paths, and the line of its key found
 * by scanJsonPositions; unknown keys (the schema is strict) are reported one by one; JSON syntax errors
 * give line and column. A leading BOM is accepted; CRLF counts as one line end.
 *
 * @param text - file content
 * @param file - file name for the problems
 * @returns the validated limits with defaults filled in
 * @throws LimitsFileError listing every problem found
 */
export function parseLimitsText(text: string, file: string): Limits {
  if (text.startsWith(BOM)) text = text.slice(1)
  text = normalizeNewlines(text)
  if (text.trim() === '') throw new LimitsFileError(file, [{ file, line: 1, path: '$', message: 'file is empty' }])
  const lines = new LineIndex(text)
  const keyOffsets = new Map<string, number>()
  try {
    scanJsonPositions(text, 3, (path, offset) => keyOffsets.set(jsonPath(path), offset))
  } catch (e) {
    if (!(e instanceof JsonSyntaxError)) throw e
    throw new LimitsFileError(file, [
      { file, line: lines.lineOf(e.offset), column: lines.columnOf(e.offset), path: '$', message: `invalid JSON: ${e.reason}` },
    ])
  }
  const result = LimitsSchema.safeParse(JSON.parse(text))
  if (result.success) return result.data

  const problems: LimitsProblem[] = []
  for (const issue of result.error.issues) {
    const base = issue.path.filter((k): k is string | number => typeof k !== 'symbol')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) problems.push(at(file, lines, keyOffsets, [...base, key], 'unknown key (not a limits field)'))
      continue
    }
    const path = jsonPath(base)
    const missing = base.length > 0 && !keyOffsets.has(path)
    problems.push(at(file, lines, keyOffsets, base, missing ? `required field is missing (${issue.message.replace(/, received undefined$/, '')})` : issue.message))
  }
  problems.sort((a, b) => (a.line ?? Number.POSITIVE_INFINITY) - (b.line ?? Number.POSITIVE_INFINITY))
  throw new LimitsFileError(file, problems)
}

function at(file: string, lines: LineIndex, keyOffsets: ReadonlyMap<string, number>, path: readonly (string | number)[], message: string): LimitsProblem {
  const p = jsonPath(path)
  const offset = path.length === 0 ? 0 : keyOffsets.get(p)
  return offset === undefined ? { file, path: p, message } : { file, line: lines.lineOf(offset), path: p, message }
}

/** JSONPath of a key/index path: `$`, `$.varLimit`, `$.a[0]`, `$["odd key"]`. */
export function jsonPath(path: readonly (string | number)[]): string {
  let s = '$'
  for (const k of path) s += typeof k === 'number' ? `[${k}]` : /^[A-Za-z_$][\w$]*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`
  return s
}
