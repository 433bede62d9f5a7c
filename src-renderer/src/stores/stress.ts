import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Result } from '@shared/api/contract'
import type { StressBookChoice, StressLibraryEntry, StressReportFile, StressRunResultView, StressScenarioResultView } from '@shared/domain/stress-result'
import { useConnectionStore } from './connection'

/** Columns of the Stress Lab results table. */
export type StressSortKey = 'name' | 'pnl' | 'pnlPct' | 'worstDay' | 'maxDrawdown'

function sortValue(s: StressScenarioResultView, key: StressSortKey): number | string | null {
  switch (key) {
    case 'name':
      return s.name
    case 'pnl':
      return s.pnl
    case 'pnlPct':
      return s.pnlPct
    case 'worstDay':
      return s.worstDay?.pnl ?? null
    case 'maxDrawdown':
      return s.maxDrawdown
  }
}

/**
 * Scenario results sorted by a column; a figure that is not available (null) sorts last in either direction, so an
 * unavailable P&L % or drawdown never reads as the best or worst.
 */
export function sortStressRows(rows: readonly StressScenarioResultView[], key: StressSortKey, dir: 'asc' | 'desc'): StressScenarioResultView[] {
  const sign = dir === 'asc' ? 1 : -1
  return [...rows].sort((a, b) => {
    const x = sortValue(a, key)
    const y = sortValue(b, key)
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1
    if (typeof x === 'string' || typeof y === 'string') return sign * String(x).localeCompare(String(y))
    return sign * (x - y)
  })
}

/** The book picker's value for the live book (saved books are picked by their name). */
export const LIVE_BOOK = '\u0000live'

/** One row of the two-book comparison: a scenario's P&L on book A, on book B and B − A (null when B lacks it). */
export interface StressCompareRow {
  readonly id: string
  readonly name: string
  readonly pnlA: number
  readonly pnlB: number | null
  readonly diff: number | null
}

/**
 * Pairs book B's results with book A's rows by scenario id, in A's order. A scenario B's run did not return keeps its
 * row with B and the difference unavailable (null), never 0.
 */
export function compareStressRows(a: readonly StressScenarioResultView[], b: readonly StressScenarioResultView[]): StressCompareRow[] {
  const byId = new Map(b.map((s) => [s.id, s.pnl]))
  return a.map((s) => {
    const pnlB = byId.get(s.id) ?? null
    return { id: s.id, name: s.name, pnlA: s.pnl, pnlB, diff: pnlB === null ? null : pnlB - s.pnl }
  })
}

function bookChoice(value: string): StressBookChoice {
  return value === LIVE_BOOK ? { kind: 'live' } : { kind: 'saved', name: value }
}

/**
 * The Stress Lab (host `stress:library`, `stress:run`, `stress:report`): the scenario library, the picked book (and
 * optionally a second book to compare with, run with the same scenarios) and scenarios, the newest run's results,
 * which historical scenario's value path and which scenario's sector waterfall are on the charts. Only the answer to
 * the newest run is kept. Errors stay here (shown by the panel): a run that cannot be done is not a desk failure.
 */
export const useStressStore = defineStore('stress', () => {
  const library = shallowRef<readonly StressLibraryEntry[]>([])
  const selected = ref<string[]>([])
  /** LIVE_BOOK or a saved book's name */
  const book = ref<string>(LIVE_BOOK)
  /** the second book of a comparison: null (no comparison), LIVE_BOOK or a saved book's name */
  const compare = ref<string | null>(null)
  const result = shallowRef<StressRunResultView | null>(null)
  /** book B's run when the newest run compared two books */
  const compareResult = shallowRef<StressRunResultView | null>(null)
  const busy = ref<null | 'library' | 'run' | 'export'>(null)
  const error = ref<string | null>(null)
  const sortKey = ref<StressSortKey>('pnl')
  const sortDir = ref<'asc' | 'desc'>('asc')
  /** id of the historical scenario whose value path is drawn */
  const focus = ref<string | null>(null)
  /** id of the scenario whose sector waterfall is drawn (any kind) */
  const sectorFocus = ref<string | null>(null)
  let latest = 0

  const rows = computed(() => (result.value ? sortStressRows(result.value.scenarios, sortKey.value, sortDir.value) : []))
  const focused = computed(() => result.value?.scenarios.find((s) => s.id === focus.value) ?? null)
  const sectorFocused = computed(() => result.value?.scenarios.find((s) => s.id === sectorFocus.value) ?? null)
  const compareRows = computed(() => (compareResult.value ? compareStressRows(rows.value, compareResult.value.scenarios) : []))
  const allSelected = computed(() => library.value.length > 0 && library.value.every((s) => selected.value.includes(s.id)))

  async function loadLibrary(): Promise<void> {
    if (library.value.length > 0) return
    busy.value = 'library'
    const res = await useConnectionStore().requireApi().stressLibrary({})
    busy.value = null
    if (res.ok) library.value = res.value
    else error.value = `scenario library: ${res.error.message}`
  }

  function toggle(id: string, on: boolean): void {
    const rest = selected.value.filter((x) => x !== id)
    // kept in library order, so runs (and their reports) list scenarios as the library does
    const next = on ? [...rest, id] : rest
    selected.value = library.value.map((s) => s.id).filter((x) => next.includes(x))
  }

  function selectAll(on: boolean): void {
    selected.value = on ? library.value.map((s) => s.id) : []
  }

  function sortBy(key: StressSortKey): void {
    if (sortKey.value === key) sortDir.value = sortDir.value === 'asc' ? 'desc' : 'asc'
    else {
      sortKey.value = key
      // ascending first: the largest loss (most negative figure) on top
      sortDir.value = 'asc'
    }
  }

  async function run(): Promise<Result<StressRunResultView> | null> {
    if (selected.value.length === 0) {
      error.value = 'Pick at least one scenario.'
      return null
    }
    const mine = ++latest
    busy.value = 'run'
    error.value = null
    const api = useConnectionStore().requireApi()
    const scenarios = [...selected.value]
    const other = compare.value
    // both books at once: the host answers each run on its own
    const [res, resB] = await Promise.all([
      api.stressRun({ book: bookChoice(book.value), scenarios }),
      other === null ? Promise.resolve(null) : api.stressRun({ book: bookChoice(other), scenarios: [...scenarios] }),
    ])
    if (mine !== latest) return res
    busy.value = null
    compareResult.value = null
    if (res.ok) {
      result.value = res.value
      const first = res.value.scenarios.find((s) => s.path !== null)
      focus.value = first?.id ?? null
      sectorFocus.value = sortStressRows(res.value.scenarios, 'pnl', 'asc')[0]?.id ?? null
      if (resB?.ok) compareResult.value = resB.value
      else if (resB) error.value = `compare with ${other === LIVE_BOOK ? 'the live book' : other}: ${resB.error.message}`
    } else {
      result.value = null
      focus.value = null
      sectorFocus.value = null
      error.value = res.error.message
    }
    return res
  }

  /** The HTML report of the newest run, or null (with the error kept) when there is none or it cannot be had. */
  async function report(): Promise<StressReportFile | null> {
    const r = result.value
    if (!r) return null
    busy.value = 'export'
    const res = await useConnectionStore().requireApi().stressReport({ runId: r.runId })
    busy.value = null
    if (res.ok) return res.value
    error.value = `export: ${res.error.message}`
    return null
  }

  return {
    library, selected, book, compare, result, compareResult, busy, error, sortKey, sortDir, focus, sectorFocus, rows, focused, sectorFocused, compareRows, allSelected,
    loadLibrary, toggle, selectAll, sortBy, run, report,
  }
})
