import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import { invokeSchemas, type InvokeResponse, type Result } from '@shared/api/contract'
import type { Limits } from '@shared/domain/limits'
import { limitsReasonProblem } from '../util/reasons'
import { useConnectionStore } from './connection'
import { useDeskStore } from './desk'

export type SavedBook = InvokeResponse<'book:list'>[number]
export type ImportReport = InvokeResponse<'book:import'> & { fileName: string }

/** Saved books, CSV import with its per-row validation report, and limit edits. */
export const useBooksStore = defineStore('books', () => {
  const saved = shallowRef<readonly SavedBook[]>([])
  const report = shallowRef<ImportReport | null>(null)
  const busy = ref<null | 'list' | 'open' | 'import' | 'limits'>(null)

  async function run<T>(what: NonNullable<typeof busy.value>, label: string, send: () => Promise<Result<T>>): Promise<Result<T>> {
    busy.value = what
    try {
      return useConnectionStore().noteResult(label, await send())
    } finally {
      busy.value = null
    }
  }

  async function refreshList(): Promise<Result<SavedBook[]>> {
    const api = useConnectionStore().requireApi()
    const result = await run('list', 'list books', () => api.bookList({}))
    if (result.ok) saved.value = result.value
    return result
  }

  /** Opens a saved book; the desk (and alerts and actions) switch to its snapshot. */
  async function open(name: string) {
    const api = useConnectionStore().requireApi()
    const result = await run('open', `open ${name}`, () => api.bookOpen({ name }))
    if (result.ok) useDeskStore().applySnapshot(result.value, { discardPending: true })
    return result
  }

  /**
   * Sends a book file's text to `book:import` and keeps the returned validation report (rows, accepted, rejected and
   * every issue with its line and field). With `save`, a saved book is added to the list.
   */
  async function importBook(fileName: string, content: string, save: boolean): Promise<Result<InvokeResponse<'book:import'>>> {
    // Checked here against the contract (size, name length) so an oversized file fails fast with a clear message.
    const request = invokeSchemas['book:import'].req.safeParse({ fileName, content, save })
    if (!request.success) {
      const issue = request.error.issues[0]
      const message = `${fileName}: ${issue?.path.join('.') === 'content' ? 'file too large' : (issue?.message ?? 'invalid import')}`
      return useConnectionStore().noteResult('import', { ok: false, error: { code: 'invalid_request', message } })
    }
    const api = useConnectionStore().requireApi()
    const result = await run('import', `import ${fileName}`, () => api.bookImport(request.data))
    if (result.ok) {
      report.value = { ...result.value, fileName }
      if (result.value.saved) await refreshList()
    }
    return result
  }

  /** Calls `limits:update`; refuses (code `invalid_reason`, no call) without a valid reason. */
  async function updateLimits(limits: Limits, reason: string): Promise<Result<Limits>> {
    const problem = limitsReasonProblem(reason)
    if (problem !== null) return { ok: false, error: { code: 'invalid_reason', message: problem } }
    const api = useConnectionStore().requireApi()
    const result = await run('limits', 'update limits', () => api.limitsUpdate({ limits, reason: reason.trim() }))
    if (result.ok) useDeskStore().applyLimits(result.value)
    return result
  }

  return { saved, report, busy, refreshList, open, importBook, updateLimits }
})
