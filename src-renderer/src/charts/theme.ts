/** Chart colours matching styles/desk.css (dark desk palette). */
export const DESK_COLORS = {
  text: '#9aa5b5',
  grid: '#252c37',
  historical: '#4ea1ff',
  parametric: '#c792ea',
  ewma: '#7fd1b9',
  breach: '#ff5370',
  breachFill: 'rgba(255, 83, 112, 0.12)',
  limit: '#ffb454',
  gain: '#3ddc97',
  loss: '#ff5370',
  gainFill: 'rgba(61, 220, 151, 0.08)',
  /** backtest exceptions: near white, apart from the breach red so the two markers never read as one */
  exception: '#f2f2e6',
  /** risk-stream anomalies (not breaches): cyan diamonds, apart from the breach red and the backtest white */
  anomaly: '#00e5ff',
  /** the tightened high-volatility VaR limit: a dotted line in a paler amber than the normal limit */
  limitHighVol: '#ffd9a0',
  pnlDot: '#7d8898',
} as const
