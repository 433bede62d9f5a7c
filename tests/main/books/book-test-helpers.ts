import type { BookIssueCode, BookParseResult, ValidationIssue } from '@shared/domain/book'

/** Where and how bad: the parts of an issue a test pins down exactly. */
export interface IssueAt {
  readonly line: number
  readonly field: string
  readonly severity: ValidationIssue['severity']
  readonly code: BookIssueCode | undefined
}

/** The issues of one code, reduced to line/field/severity/code. */
export function issuesWithCode(result: BookParseResult, code: BookIssueCode): IssueAt[] {
  return result.issues.filter((i) => i.code === code).map((i) => ({ line: i.line, field: i.field, severity: i.severity, code: i.code }))
}

/** All issues reduced to line/field/severity/code, in report order. */
export function allIssues(result: BookParseResult): IssueAt[] {
  return result.issues.map((i) => ({ line: i.line, field: i.field, severity: i.severity, code: i.code }))
}

/** Lines joined with LF: element k of `lines` is physical line k + 1. */
export function lf(lines: readonly string[]): string {
  return lines.join('\n') + '\n'
}

/** The invariants every parse result must satisfy, whatever the input. */
export function expectConsistent(result: BookParseResult): void {
  if (result.accepted + result.rejected !== result.rows) throw new Error(`accepted ${result.accepted} + rejected ${result.rejected} !== rows ${result.rows}`)
  if (result.book.positions.length !== result.accepted) throw new Error('positions.length !== accepted')
  if (result.rejected > 0 && !result.issues.some((i) => i.severity === 'error')) throw new Error('rejected rows without any error')
}
