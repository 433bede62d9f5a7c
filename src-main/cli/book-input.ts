import type { Book } from '@shared/domain/book'
import { readBookFile } from '../books/book-file'
import { formatIssues } from '../books/format-report'
import { CliError } from './cli-error'

/** Most validation lines shown under a rejected book; the rest are counted. */
const MAX_ISSUE_LINES = 20

/**
 * Reads a book for a CLI command. Any rejected row stops the command (a risk figure on a silently partial book would
 * mislead); warnings are returned for the caller to print.
 * @param asof - as-of date YYYY-MM-DD of the run, when known: option rows expiring on or before it are rejected
 * @throws CliError with the per-row report (file:line: field: message) as details.
 */
export async function loadBookForCli(
  path: string,
  knownSymbols: ReadonlySet<string>,
  asof?: string,
  /** what the symbols were checked against (data-range.ts describeMarket), shown under unknown-symbol errors */
  marketNote?: string,
): Promise<{ book: Book; warnings: string[] }> {
  const result = await readBookFile(path, { knownSymbols, asof })
  const errors = result.issues.filter((i) => i.severity === 'error')
  const lines = formatIssues(result.issues)
  if (errors.length > 0 || result.accepted === 0) {
    const shown = lines.slice(0, MAX_ISSUE_LINES)
    if (lines.length > shown.length) shown.push(`... and ${lines.length - shown.length} more`)
    if (marketNote !== undefined && errors.some((i) => i.code === 'unknown-symbol')) shown.push(`symbols are checked against ${marketNote}`)
    const what = result.accepted === 0 && errors.length === 0 ? 'has no positions' : `has ${result.rejected} rejected row(s) of ${result.rows}`
    throw new CliError(`book ${path} ${what}`, 1, shown)
  }
  return { book: result.book, warnings: lines }
}
