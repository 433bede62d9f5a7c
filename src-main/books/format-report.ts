import type { BookParseResult, ValidationIssue } from '@shared/domain/book'
import { escapeUnsafe } from './text-lines'

/**
 * One issue as a report line: `file:line: field: severity: message`, e.g.
 * `desk.csv:4: quantity: error: quantity "abc" is not a number`.
 * The `file:line:` prefix is the compiler convention that terminals and editors turn into links.
 * Control and bidi characters in the file name or field are escaped (messages already quote file content safely).
 *
 * @param issue - a validation issue from parseBookText / readBookFile
 */
export function formatIssue(issue: ValidationIssue): string {
  return `${escapeUnsafe(issue.file)}:${issue.line}: ${escapeUnsafe(issue.field)}: ${issue.severity}: ${issue.message}`
}

/**
 * Report lines for a list of issues, in the given order (parseBookText returns them sorted by line).
 *
 * @param issues - validation issues
 * @returns one line per issue, see {@link formatIssue}
 */
export function formatIssues(issues: readonly ValidationIssue[]): string[] {
  return issues.map(formatIssue)
}

/**
 * One-line summary of a parse, e.g. `desk.csv: 120 rows, 118 accepted, 2 rejected (3 errors, 5 warnings)`,
 * or `desk.csv: file rejected (1 error, 0 warnings)` when the file as a whole was refused.
 *
 * @param file - the file name to show
 * @param result - the parse result
 */
export function formatBookSummary(file: string, result: BookParseResult): string {
  let errors = 0
  for (const i of result.issues) if (i.severity === 'error') errors++
  const warnings = result.issues.length - errors
  const counts = `(${plural(errors, 'error')}, ${plural(warnings, 'warning')})`
  if (result.fileRejected === true) return `${escapeUnsafe(file)}: file rejected, no positions imported ${counts}`
  return `${escapeUnsafe(file)}: ${plural(result.rows, 'row')}, ${result.accepted} accepted, ${result.rejected} rejected ${counts}`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}
