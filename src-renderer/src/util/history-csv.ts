import Papa from 'papaparse'
import { HISTORY_COLUMNS, historyCells, type AlertHistoryRowView } from '@shared/domain/alert-history-view'

/**
 * The history's flat CSV (RFC 4180, CRLF, header row, formula-like cells prefixed with `'`): one line per alert with
 * the columns of HISTORY_COLUMNS, the same cells `riskdesk history` folds, so the window's export and the CLI agree.
 */
export function historyCsv(rows: readonly AlertHistoryRowView[]): string {
  return `${Papa.unparse({ fields: [...HISTORY_COLUMNS], data: rows.map((r) => HISTORY_COLUMNS.map((c) => historyCells(r)[c])) }, { newline: '\r\n', escapeFormulae: true })}\r\n`
}
