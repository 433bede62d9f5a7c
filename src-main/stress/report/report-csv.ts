/**
 * The stress report as CSV (papaparse unparse): one row per scenario total (symbol empty) and one per position.
 */
import Papa from 'papaparse'
import type { StressReport } from '../stress-run'

export const CSV_COLUMNS = ['scenario_id', 'scenario_name', 'kind', 'start', 'end', 'symbol', 'sector', 'market_value', 'pnl', 'pnl_pct', 'return', 'proxied', 'proxy', 'beta', 'worst_day', 'worst_day_pnl', 'max_drawdown', 'notes'] as const

export function stressReportCsv(r: StressReport): string {
  const rows: (string | number | boolean | null)[][] = []
  for (const s of r.scenarios) {
    rows.push([s.id, s.name, s.kind, s.start, s.end, '', '', r.book.netValue, s.pnl, s.pnlPct, null, null, null, null, s.worstDay?.date ?? null, s.worstDay?.pnl ?? null, s.maxDrawdown, s.notes.join(' | ')])
    for (const p of s.positions) rows.push([s.id, s.name, s.kind, s.start, s.end, p.symbol, p.sector, p.marketValue, p.pnl, null, p.return, p.proxied, p.proxy, p.beta, null, null, null, ''])
  }
  return Papa.unparse({ fields: [...CSV_COLUMNS], data: rows.map((r) => r.map((x) => (x === null ? '' : x))) }, { newline: '\n' }) + '\n'
}
