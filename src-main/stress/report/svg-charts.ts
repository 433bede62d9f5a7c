/**
 * Small inline-SVG charts for the self-contained stress report (no script, no external resource, prints to PDF):
 * horizontal P&L bars, a waterfall of contributions, and a line chart of a value path. Text is escaped.
 */

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** Compact money label: −1.23M, 45.6k. */
export function money(x: number): string {
  const a = Math.abs(x)
  const s = a >= 1e9 ? `${(a / 1e9).toFixed(2)}B` : a >= 1e6 ? `${(a / 1e6).toFixed(2)}M` : a >= 1e3 ? `${(a / 1e3).toFixed(1)}k` : a.toFixed(0)
  return `${x < 0 ? '−' : ''}${s}`
}

const LOSS = '#c0392b'
const GAIN = '#1e8449'

/** Horizontal bars of labelled values around a zero axis. */
export function barChart(items: readonly { label: string; value: number }[], width = 720): string {
  const rowH = 22
  const labelW = 230
  const h = items.length * rowH + 30
  const max = Math.max(1e-9, ...items.map((i) => Math.abs(i.value)))
  const hasNeg = items.some((i) => i.value < 0)
  const hasPos = items.some((i) => i.value > 0)
  const plotW = width - labelW - 90
  const zero = labelW + (hasNeg && hasPos ? plotW / 2 : hasNeg ? plotW : 0)
  const scale = (hasNeg && hasPos ? plotW / 2 : plotW) / max
  const bars = items
    .map((it, k) => {
      const y = 10 + k * rowH
      const w = Math.abs(it.value) * scale
      const x = it.value < 0 ? zero - w : zero
      const tx = it.value < 0 ? x - 4 : x + w + 4
      return `<text x="${labelW - 6}" y="${y + 14}" text-anchor="end">${escapeXml(it.label)}</text><rect x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(0.5, w).toFixed(1)}" height="${rowH - 6}" fill="${it.value < 0 ? LOSS : GAIN}"/><text x="${tx.toFixed(1)}" y="${y + 14}" text-anchor="${it.value < 0 ? 'end' : 'start'}">${money(it.value)}</text>`
    })
    .join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-size="11" font-family="sans-serif"><line x1="${zero}" y1="5" x2="${zero}" y2="${h - 15}" stroke="#555"/>${bars}</svg>`
}

/** Waterfall: each contribution steps from the running total; the last bar is the total. */
export function waterfall(items: readonly { label: string; value: number }[], width = 720): string {
  const h = 240
  const n = items.length + 1
  const colW = Math.max(18, Math.min(60, (width - 80) / n))
  let run = 0
  const levels = [0]
  for (const it of items) levels.push((run += it.value))
  const lo = Math.min(0, ...levels)
  const hi = Math.max(0, ...levels)
  const span = hi - lo || 1
  const y = (v: number): number => 20 + ((hi - v) / span) * (h - 90)
  let acc = 0
  const bars = items.map((it, k) => {
    const a = acc
    acc += it.value
    const top = y(Math.max(a, acc))
    const x = 60 + k * colW
    return `<rect x="${x + 2}" y="${top.toFixed(1)}" width="${colW - 4}" height="${Math.max(0.5, Math.abs(y(a) - y(acc))).toFixed(1)}" fill="${it.value < 0 ? LOSS : GAIN}"/><text transform="translate(${x + colW / 2},${h - 62}) rotate(45)" font-size="9">${escapeXml(it.label.slice(0, 22))}</text>`
  })
  const tx = 60 + items.length * colW
  const total = `<rect x="${tx + 2}" y="${y(Math.max(0, acc)).toFixed(1)}" width="${colW - 4}" height="${Math.max(0.5, Math.abs(y(0) - y(acc))).toFixed(1)}" fill="#34495e"/><text transform="translate(${tx + colW / 2},${h - 62}) rotate(45)" font-size="9">Total ${money(acc)}</text>`
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-size="10" font-family="sans-serif"><line x1="55" y1="${y(0)}" x2="${width - 5}" y2="${y(0)}" stroke="#555"/><text x="50" y="${y(hi) + 4}" text-anchor="end">${money(hi)}</text><text x="50" y="${y(lo) + 4}" text-anchor="end">${money(lo)}</text>${bars.join('')}${total}</svg>`
}

/** Line chart of a cumulative P&L path with its first and last dates on the axis. */
export function lineChart(dates: readonly string[], values: readonly number[], width = 720): string {
  const h = 200
  const n = values.length
  if (n === 0) return ''
  const lo = Math.min(0, ...values)
  const hi = Math.max(0, ...values)
  const span = hi - lo || 1
  const x = (k: number): number => 60 + (n === 1 ? 0 : (k / (n - 1)) * (width - 80))
  const y = (v: number): number => 10 + ((hi - v) / span) * (h - 40)
  const pts = values.map((v, k) => `${x(k).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
  return `<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-size="10" font-family="sans-serif"><line x1="60" y1="${y(0)}" x2="${width - 20}" y2="${y(0)}" stroke="#999" stroke-dasharray="3,3"/><polyline fill="none" stroke="#2c3e50" stroke-width="1.5" points="${pts}"/><text x="55" y="${y(hi) + 4}" text-anchor="end">${money(hi)}</text><text x="55" y="${y(lo) + 4}" text-anchor="end">${money(lo)}</text><text x="60" y="${h - 8}">${escapeXml(dates[0] ?? '')}</text><text x="${width - 20}" y="${h - 8}" text-anchor="end">${escapeXml(dates[n - 1] ?? '')}</text></svg>`
}
