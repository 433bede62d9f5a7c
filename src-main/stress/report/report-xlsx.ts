/**
 * The stress report as an XLSX workbook (exceljs): Summary, Positions, Sectors and Paths sheets.
 */
import ExcelJS from 'exceljs'
import type { StressReport } from '../stress-run'

const MONEY = '#,##0;[Red]-#,##0'
const PCT = '0.00%'

/** Builds the workbook; `writeBuffer` gives the file bytes. */
export async function stressReportXlsx(r: StressReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'RiskDesk'
  const sum = wb.addWorksheet('Summary', { views: [{ state: 'frozen', ySplit: 1 }] })
  sum.columns = [
    { header: 'Id', key: 'id', width: 20 },
    { header: 'Scenario', key: 'name', width: 40 },
    { header: 'Kind', key: 'kind', width: 12 },
    { header: 'Start', key: 'start', width: 12 },
    { header: 'End', key: 'end', width: 12 },
    { header: 'P&L', key: 'pnl', width: 16, style: { numFmt: MONEY } },
    { header: 'P&L %', key: 'pnlPct', width: 10, style: { numFmt: PCT } },
    { header: 'Worst day', key: 'wd', width: 12 },
    { header: 'Worst day P&L', key: 'wdPnl', width: 16, style: { numFmt: MONEY } },
    { header: 'Max drawdown', key: 'mdd', width: 12, style: { numFmt: PCT } },
    { header: 'Proxied positions', key: 'proxied', width: 10 },
    { header: 'Notes', key: 'notes', width: 80 },
  ]
  for (const s of r.scenarios) {
    sum.addRow({ id: s.id, name: s.name, kind: s.kind, start: s.start, end: s.end, pnl: s.pnl, pnlPct: s.pnlPct, wd: s.worstDay?.date ?? null, wdPnl: s.worstDay?.pnl ?? null, mdd: s.maxDrawdown, proxied: s.positions.filter((p) => p.proxied).length, notes: s.notes.join(' | ') })
  }
  sum.getRow(1).font = { bold: true }
  const pos = wb.addWorksheet('Positions', { views: [{ state: 'frozen', ySplit: 1 }] })
  pos.columns = [
    { header: 'Scenario', key: 'id', width: 20 },
    { header: 'Symbol', key: 'symbol', width: 26 },
    { header: 'Sector', key: 'sector', width: 24 },
    { header: 'Market value', key: 'mv', width: 16, style: { numFmt: MONEY } },
    { header: 'Return', key: 'ret', width: 10, style: { numFmt: PCT } },
    { header: 'P&L', key: 'pnl', width: 16, style: { numFmt: MONEY } },
    { header: 'Proxied', key: 'proxied', width: 8 },
    { header: 'Proxy', key: 'proxy', width: 14 },
    { header: 'Beta', key: 'beta', width: 8, style: { numFmt: '0.000' } },
  ]
  for (const s of r.scenarios) for (const p of s.positions) pos.addRow({ id: s.id, symbol: p.symbol, sector: p.sector, mv: p.marketValue, ret: p.return, pnl: p.pnl, proxied: p.proxied, proxy: p.proxy, beta: p.beta })
  pos.getRow(1).font = { bold: true }
  const sec = wb.addWorksheet('Sectors')
  sec.columns = [
    { header: 'Scenario', key: 'id', width: 20 },
    { header: 'Sector', key: 'sector', width: 26 },
    { header: 'P&L', key: 'pnl', width: 16, style: { numFmt: MONEY } },
  ]
  for (const s of r.scenarios) for (const x of s.sectors) sec.addRow({ id: s.id, sector: x.sector, pnl: x.pnl })
  sec.getRow(1).font = { bold: true }
  const paths = wb.addWorksheet('Paths')
  paths.columns = [
    { header: 'Scenario', key: 'id', width: 20 },
    { header: 'Date', key: 'date', width: 12 },
    { header: 'Cumulative P&L', key: 'pnl', width: 16, style: { numFmt: MONEY } },
  ]
  for (const s of r.scenarios) if (s.path) s.path.dates.forEach((d, k) => paths.addRow({ id: s.id, date: d, pnl: s.path!.pnl[k] }))
  paths.getRow(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
