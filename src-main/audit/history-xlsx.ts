/**
 * The history's filtered set as an XLSX workbook (exceljs): sheet "Alerts" with the flat HISTORY_COLUMNS (one row
 * per alert, the same cells as the CSV) and sheet "Decisions" with one row per step of its lifecycle that someone
 * (or the desk) took: escalations, snoozes, notes, every action step and every override (alert id, market date, wall
 * time, kind, action id, actor, reason, detail), so a desk head can filter either in a spreadsheet. No JSON cells.
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
  decisions.columns = ['alert_id', 'market_date', 'wall_time', 'kind', 'action_id', 'actor', 'reason', 'detail'].map((c) => ({ header: c, key: c, width: c === 'reason' || c === 'detail' ? 60 : 18 }))
  for (const a of rows) {
    alerts.addRow(historyCells(a))
    const steps: { seq: number; cells: Record<string, string | null> }[] = []
    const at = (x: { marketDate: string | null; wallTime: string }) => ({ alert_id: a.id, market_date: x.marketDate, wall_time: x.wallTime })
    for (const e of a.escalations) steps.push({ seq: e.seq, cells: { ...at(e), kind: 'alert.escalated', action_id: null, actor: 'system', reason: null, detail: `${e.from} -> ${e.to} (${e.cause})` } })
    for (const n of a.snoozes) steps.push({ seq: n.seq, cells: { ...at(n), kind: 'alert.snoozed', action_id: null, actor: n.actor, reason: n.reason, detail: n.span === null ? null : `${n.span.updates} updates / ${n.span.ms} ms` } })
    for (const n of a.notes) steps.push({ seq: n.seq, cells: { ...at(n), kind: 'alert.noted', action_id: null, actor: n.actor, reason: n.text, detail: null } })
    for (const x of a.actions) {
      for (const d of x.decisions) steps.push({ seq: d.seq, cells: { ...at(d), kind: `action.${d.decision}`, action_id: x.id, actor: d.actor, reason: d.reason, detail: d.detail } })
    }
    for (const o of a.overrides) {
      if (o.kind === 'action.rejected' || o.kind === 'action.modified') continue // already listed as the action's step
      steps.push({ seq: o.seq, cells: { ...at(o), kind: o.kind, action_id: o.actionId, actor: o.role === null ? o.actor : `${o.actor} (${o.role})`, reason: o.reason, detail: o.detail } })
    }
    for (const s of steps.sort((x, y) => x.seq - y.seq)) decisions.addRow(s.cells)
  }
  alerts.getRow(1).font = { bold: true }
  decisions.getRow(1).font = { bold: true }
  return Buffer.from(await wb.xlsx.writeBuffer())
}
