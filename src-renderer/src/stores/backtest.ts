import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { InvokeRequest, Result } from '@shared/api/contract'
import type { BacktestMethod, BacktestResult } from '@shared/domain/backtest-result'
import { useConnectionStore } from './connection'
import { useDeskStore } from './desk'

/**
 * Which days the desk backtests: `before` = the host's default (the 250 market days before the replay start, available
 * at once), `replay` = the replay window itself (feed from..to), whose exceptions are then marked on the live VaR chart.
 */
export type BacktestRange = 'before' | 'replay'

/**
 * The VaR backtest of the current book (`risk:backtest`), per method and range. Only the answer to the newest request
 * is kept, so quick method changes cannot leave an older result on screen. Errors stay in this store (shown by the
 * panel): a backtest that cannot run, e.g. for lack of history, is not a desk failure.
 */
export const useBacktestStore = defineStore('backtest', () => {
  const method = ref<BacktestMethod>('historical')
  const range = ref<BacktestRange>('before')
  const result = shallowRef<BacktestResult | null>(null)
  const busy = ref(false)
  const error = ref<string | null>(null)
  let latest = 0

  /** The request for the current method and range; null when the replay range is asked for before the feed is known. */
  function request(): InvokeRequest<'risk:backtest'> | null {
    if (range.value === 'before') return { method: method.value }
    const feed = useDeskStore().feed
    return feed ? { method: method.value, from: feed.from, to: feed.to } : null
  }

  /** Runs the backtest for the current selection; resolves to its Result (null when nothing could be asked). */
  async function load(): Promise<Result<BacktestResult> | null> {
    const api = useConnectionStore().api
    const req = request()
    if (!api || !req) return null
    const mine = ++latest
    busy.value = true
    const res = await api.riskBacktest(req)
    if (mine !== latest) return res
    busy.value = false
    if (res.ok) {
      result.value = res.value
      error.value = null
    } else {
      result.value = null
      error.value = res.error.message
    }
    return res
  }

  function setMethod(next: BacktestMethod): Promise<Result<BacktestResult> | null> {
    method.value = next
    return load()
  }

  function setRange(next: BacktestRange): Promise<Result<BacktestResult> | null> {
    range.value = next
    return load()
  }

  return { method, range, result, busy, error, load, setMethod, setRange }
})
