/**
 * The self-contained HTML stress report: every scenario with its figures, a P&L bar chart over all scenarios, and per
 * scenario a sector waterfall, the value path of a historical window and its positions (worst first). Inline CSS
 * and SVG only; @media print keeps each scenario on its own page when printed to PDF.
 */
import type { StressReport } from '../stress-run'
import type { ScenarioResult } from '../stress-types'
import { barChart, escapeXml as e, lineChart, money, waterfall } from './svg-charts'

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : `${(x * 100).toFixed(2)} %`)

function scenarioSection(s: ScenarioResult): string {
  const window = s.start ? `${s.start} to ${s.end}` : s.kind
  const rows = [...s.positions]
    .sort((a, b) => a.pnl - b.pnl)
    .map((p) => `<tr><td>${e(p.symbol)}</td><td>${e(p.sector)}</td><td class="n">${money(p.marketValue)}</td><td class="n">${pct(p.return)}</td><td class="n">${money(p.pnl)}</td><td>${p.proxied ? `proxy ${e(p.proxy ?? '')} β ${p.beta?.toFixed(2)}` : p.beta !== null ? `β ${p.beta.toFixed(2)} to ${e(p.proxy ?? '')}` : ''}</td></tr>`)
    .join('')
  const extra = s.extra && s.kind === 'generated' ? `<p>Worst draw ${money(Number(s.extra.worst))}, 1 % quantile ${money(Number(s.extra.q01))}, 5 % quantile ${money(Number(s.extra.q05))} (${String(s.extra.draws)} draws of ${String(s.extra.horizon)} days, seed ${String(s.extra.seed)}).</p>` : ''
  const par = s.extra && s.kind === 'hypothetical' && s.extra.parametricVaR99 ? (s.extra.parametricVaR99 as { base: number; stressed: number }) : null
  return `<section class="scenario" id="sc-${e(s.id)}" data-scenario="${e(s.id)}">
<h2>${e(s.name)} <small>${e(s.id)} · ${e(window)}</small></h2>
<table class="kv"><tr><th>P&amp;L</th><td>${money(s.pnl)} (${pct(s.pnlPct)})</td><th>Worst day</th><td>${s.worstDay ? `${e(s.worstDay.date)} ${money(s.worstDay.pnl)}` : 'n/a'}</td></tr>
<tr><th>Max drawdown</th><td>${s.maxDrawdownAmount === null ? 'n/a' : `${money(s.maxDrawdownAmount)} (${pct(s.maxDrawdown)})`}</td><th>Time to recover</th><td>${s.timeToRecover ? `${s.timeToRecover.days} trading days (${e(s.timeToRecover.date)})` : s.kind === 'historical' ? 'not recovered in the data' : 'n/a'}</td></tr>
${par ? `<tr><th>Parametric VaR 99 %</th><td>${money(par.base)} → ${money(par.stressed)} stressed</td><th>Vol scale</th><td>${s.volScale ?? 'n/a'}</td></tr>` : ''}</table>
${extra}
${s.notes.length ? `<ul class="notes">${s.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : ''}
${s.sectors.length ? `<h3>By sector</h3>${waterfall(s.sectors.map((x) => ({ label: x.sector, value: x.pnl })))}` : ''}
${s.path ? `<h3>Value path (cumulative P&amp;L)</h3>${lineChart(s.path.dates, s.path.pnl)}` : ''}
${rows ? `<h3>Positions (worst first)</h3><table class="pos"><thead><tr><th>Symbol</th><th>Sector</th><th>Market value</th><th>Return</th><th>P&amp;L</th><th>Proxy</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${s.excluded.length ? `<p class="excluded">Excluded: ${s.excluded.map((x) => `${e(x.symbol)} (${e(x.reason)})`).join('; ')}</p>` : ''}
</section>`
}

/** The whole report as one HTML document. */
export function stressReportHtml(r: StressReport): string {
  const sv = r.stressedVar && 'var' in r.stressedVar ? r.stressedVar : null
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>RiskDesk stress report: ${e(r.book.name)} as of ${e(r.asof)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#222;font-size:13px}
h1{font-size:20px}h2{font-size:16px;border-bottom:1px solid #ccc;padding-bottom:4px}h2 small{color:#777;font-weight:normal}
table{border-collapse:collapse;margin:6px 0}td,th{padding:2px 8px;text-align:left}td.n{text-align:right;font-variant-numeric:tabular-nums}
table.pos tr:nth-child(even){background:#f5f5f5}table.summary td,table.summary th{border-bottom:1px solid #eee}
.notes{color:#555}.excluded{color:#a04000}svg.chart{display:block;max-width:100%;height:auto}
@media print{body{margin:0;font-size:11px}section.scenario{page-break-before:always;break-before:page}a{color:inherit;text-decoration:none}}
</style></head><body>
<h1>Stress report: ${e(r.book.name)}</h1>
<p>As of ${e(r.asof)} · ${r.book.positions} positions · net market value ${money(r.book.netValue)} · gross ${money(r.book.grossValue)} · data: ${e(r.dataVersion)}</p>
<p>Convention: a position's scenario P&amp;L is its market value at the as-of date times its instrument's return over the window (adjusted closes); instruments without data in the window move β × their proxy; options are revalued fully (docs/RISK-CONVENTIONS.md, "Stress tests").</p>
<h2>All scenarios</h2>
${barChart(r.scenarios.map((s) => ({ label: s.name, value: s.pnl })))}
<table class="summary"><thead><tr><th>Id</th><th>Scenario</th><th>Window</th><th>P&amp;L</th><th>P&amp;L %</th><th>Worst day</th><th>Max drawdown</th><th>Proxied</th></tr></thead><tbody>
${r.scenarios.map((s) => `<tr><td><a href="#sc-${e(s.id)}">${e(s.id)}</a></td><td>${e(s.name)}</td><td>${s.start ? `${e(s.start)}..${e(s.end ?? '')}` : e(s.kind)}</td><td class="n">${money(s.pnl)}</td><td class="n">${pct(s.pnlPct)}</td><td>${s.worstDay ? `${e(s.worstDay.date)} ${money(s.worstDay.pnl)}` : ''}</td><td class="n">${pct(s.maxDrawdown)}</td><td class="n">${s.positions.filter((p) => p.proxied).length}</td></tr>`).join('\n')}
</tbody></table>
${r.reverse ? `<p><b>Reverse stress test</b> (loss limit ${money(r.reverse.limit)}): ${r.reverse.move === null ? e(r.reverse.reason ?? 'no move found') : `a market move of ${pct(r.reverse.move)} (β-scaled per position, proxy ${e(r.reverse.proxy)}) loses ${money(r.reverse.loss ?? 0)}`}.</p>` : ''}
${r.stressedVar ? `<p><b>Stressed VaR</b> (1-day, 99 %, 250 days): ${sv ? `${money(sv.var)} on ${e(sv.from)} to ${e(sv.to)} (current window ${money(sv.currentVar)}; ${pct(sv.proxiedShare)} of position-days proxied)` : e((r.stressedVar as { reason: string }).reason)}.</p>` : ''}
${r.scenarios.map(scenarioSection).join('\n')}
</body></html>
`
}
