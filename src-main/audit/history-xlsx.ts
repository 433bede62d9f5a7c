/**
 * The history's filtered set as an XLSX workbook (exceljs): sheet "Alerts" with the flat HISTORY_COLUMNS (one row
 * per alert, the same cells as the CSV) and sheet "Decisions" with one row per decision and override (alert id,
 * market date, wall time, kind, actor, reason), so a desk head can filter either in a spreadsheet. No JSON cells.
 */
import ExcelJS from 'exceljs'
import { HISTORY_COLUMNS, historyCells, type AlertHistoryRow } from './alert-history'

/**
 * Build the workbook.
 *
 * @param rows - the alerts, in history order.
 * @returns the .xlsx file bytes.
 */
export async function historyXlsx(rows: Iterable<AlertHistoryRow>): Promise<Buffer> {
  const wb = new ExcelJS.Workbook()
  wb.creator = 'RiskDesk'
  const alerts = wb.addWorksheet('Alerts', { views: [{ state: 'frozen', ySplit: 1 }] })
  alerts.columns = HISTORY_COLUMNS.map((c) => ({ header: c, key: c, width: c === 'overrides' || c === 'override_reasons' || c === 'reason' ? 48 : 16 }))
  const decisions = wb.addWorksheet('Decisions', { views: [{ state: 'frozen', ySplit: 1 }] })
  decisions.columns = ['alert_id', 'market_date', 'wall_time', 'kind', 'action_id', 'actor', 'reason'].map((c) => ({ header: c, key: c, width: c === 'reason' ? 60 : 18 }))
  for (const a of rows) {
    alerts.addRow(historyCells(a))
    for (const x of a.actions) {
      for (const d of x.decisions) decisions.addRow({ alert_id: a.id, market_date: d.marketDate, wall_time: d.wallTime, kind: `action.${d.decision}`, action_id: x.id, actor: d.actor, reason: d.reason })
    }
    for (const o of a.overrides) {
      if (o.kind === 'action.rejected') continue // already listed as the action's decision
      decisions.addRow({ alert_id: a.id, market_date: o.marketDate, wall_time: o.wallTime, kind: o.kind, action_id: o.actionId, actor: o.actor, reason: o.reason })
    }
  }
  alerts.getRow(1).font = { bold: true }
  decisions.getRow(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
