import { readFile, stat, writeFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { dialog, type BrowserWindow, type MessageBoxOptions, type OpenDialogOptions, type SaveDialogOptions } from 'electron'
import { invokeSchemas } from '@shared/api/contract'
import type { HostPort } from '../host/host-port'
import type { MenuCommands } from './menu'

/**
 * What the menu items do. Everything goes through the HostPort (same validation, audit and actor as the UI's own
 * calls); the shell only adds native dialogs and file access the sandboxed page cannot have.
 */

/** Largest book accepted, characters: the contract's `book:import` content limit. */
export const MAX_IMPORT_CHARS = 5_000_000
/** Largest file read for import, bytes (UTF-8 needs at most 3 bytes per UTF-16 unit); bigger files are refused unread. */
export const MAX_IMPORT_FILE_BYTES = 3 * MAX_IMPORT_CHARS
/** Events fetched by Reports > Export audit trail: the contract's `audit:query` maximum. */
export const AUDIT_EXPORT_LIMIT = 10_000
/** Validation issues listed in the import summary dialog. */
export const MAX_ISSUES_SHOWN = 10

export interface MenuActionDeps {
  host: HostPort
  actor: string
  /** the window dialogs attach to (null: free-standing dialogs) */
  getWindow(): BrowserWindow | null
  /** the saved-book list may have changed (rebuild the Open book submenu) */
  onBooksChanged(): void
  quit(): void
}

/** Saved book names from the host, or [] (logged) when the call fails. */
export async function listBookNames(host: HostPort, actor: string): Promise<string[]> {
  const result = await host.handle('book:list', {}, actor)
  if (!result.ok) {
    console.error(`[menu] book:list failed: ${result.error.message}`)
    return []
  }
  const parsed = invokeSchemas['book:list'].res.safeParse(result.value)
  return parsed.success ? parsed.data.map((b) => b.name) : []
}

/** Creates the menu commands. Each command reports failures in a dialog and never rejects. */
export function createMenuCommands(deps: MenuActionDeps): MenuCommands {
  const { host, actor } = deps
  const window = (): BrowserWindow | null => {
    const w = deps.getWindow()
    return w !== null && !w.isDestroyed() ? w : null
  }
  const message = async (options: MessageBoxOptions): Promise<void> => {
    const w = window()
    await (w === null ? dialog.showMessageBox(options) : dialog.showMessageBox(w, options))
  }
  const openFile = (options: OpenDialogOptions) => {
    const w = window()
    return w === null ? dialog.showOpenDialog(options) : dialog.showOpenDialog(w, options)
  }
  const saveFile = (options: SaveDialogOptions) => {
    const w = window()
    return w === null ? dialog.showSaveDialog(options) : dialog.showSaveDialog(w, options)
  }
  const guard = (name: string, task: () => Promise<void>) => (): void => {
    task().catch(async (err: unknown) => {
      console.error(`[menu] ${name} failed:`, err)
      await message({ type: 'error', message: `${name} failed`, detail: err instanceof Error ? err.message : String(err) }).catch(() => undefined)
    })
  }

  const openBook = async (name: string): Promise<void> => {
    const result = await host.handle('book:open', { name }, actor)
    if (!result.ok) await message({ type: 'error', message: `Could not open book "${name}"`, detail: result.error.message })
  }

  const importBook = async (): Promise<void> => {
    const picked = await openFile({
      title: 'Import book',
      properties: ['openFile'],
      filters: [
        { name: 'Books (CSV, JSON)', extensions: ['csv', 'tsv', 'txt', 'json'] },
        { name: 'All files', extensions: ['*'] },
      ],
    })
    const file = picked.filePaths[0]
    if (picked.canceled || file === undefined) return
    const size = (await stat(file)).size
    if (size > MAX_IMPORT_FILE_BYTES) {
      await message({ type: 'error', message: 'Book file too large', detail: `${file} is ${size} bytes; the limit is ${MAX_IMPORT_CHARS} characters.` })
      return
    }
    const content = await readFile(file, 'utf8')
    if (content.length > MAX_IMPORT_CHARS) {
      await message({ type: 'error', message: 'Book file too large', detail: `${file} has ${content.length} characters; the limit is ${MAX_IMPORT_CHARS}.` })
      return
    }
    const result = await host.handle('book:import', { fileName: basename(file), content, save: true }, actor)
    if (!result.ok) {
      await message({ type: 'error', message: `Could not import ${basename(file)}`, detail: result.error.message })
      return
    }
    const report = invokeSchemas['book:import'].res.safeParse(result.value)
    if (!report.success) {
      await message({ type: 'warning', message: `Imported ${basename(file)}`, detail: 'The import report could not be read.' })
      deps.onBooksChanged()
      return
    }
    const r = report.data
    const issues = r.issues.slice(0, MAX_ISSUES_SHOWN).map((i) => `${i.severity.toUpperCase()} ${i.file}:${i.line} ${i.field}: ${i.message}`)
    if (r.issues.length > MAX_ISSUES_SHOWN) issues.push(`… and ${r.issues.length - MAX_ISSUES_SHOWN} more`)
    await message({
      type: r.rejected > 0 ? 'warning' : 'info',
      message: `${r.accepted} of ${r.rows} rows accepted, ${r.rejected} rejected${r.saved ? `; saved as "${r.name}"` : ''}`,
      detail: issues.join('\n'),
    })
    deps.onBooksChanged()
  }

  const exportAudit = async (): Promise<void> => {
    const today = new Date().toISOString().slice(0, 10)
    const target = await saveFile({
      title: 'Export audit trail',
      defaultPath: `riskdesk-audit-${today}.json`,
      filters: [{ name: 'JSON', extensions: ['json'] }],
    })
    if (target.canceled || target.filePath === undefined || target.filePath === '') return
    const [events, verification] = await Promise.all([
      host.handle('audit:query', { limit: AUDIT_EXPORT_LIMIT }, actor),
      host.handle('audit:verify', {}, actor),
    ])
    if (!events.ok) {
      await message({ type: 'error', message: 'Could not read the audit trail', detail: events.error.message })
      return
    }
    const list = Array.isArray(events.value) ? events.value : []
    const document = {
      exportedAt: new Date().toISOString(),
      exportedBy: actor,
      verification: verification.ok ? verification.value : { error: verification.error.message },
      truncated: list.length >= AUDIT_EXPORT_LIMIT,
      events: list,
    }
    await writeFile(target.filePath, `${JSON.stringify(document, null, 2)}\n`, { encoding: 'utf8', mode: 0o600 })
    const note = document.truncated ? `\nOnly the first ${AUDIT_EXPORT_LIMIT} events: use \`riskdesk audit export\` for the full trail.` : ''
    await message({ type: 'info', message: `Exported ${list.length} audit events`, detail: `${target.filePath}${note}` })
  }

  const verifyAudit = async (): Promise<void> => {
    const result = await host.handle('audit:verify', {}, actor)
    if (!result.ok) {
      await message({ type: 'error', message: 'Could not verify the audit trail', detail: result.error.message })
      return
    }
    const parsed = invokeSchemas['audit:verify'].res.safeParse(result.value)
    if (!parsed.success) {
      await message({ type: 'error', message: 'Could not verify the audit trail', detail: 'Unexpected response from the desk service.' })
      return
    }
    const v = parsed.data
    await message(
      v.ok
        ? { type: 'info', message: 'Audit trail intact', detail: `${v.rows} events, hash chain verified.` }
        : { type: 'error', message: 'Audit trail BROKEN', detail: `First bad event: seq ${v.firstBadSeq ?? '?'}. ${v.reason ?? ''}`.trim() },
    )
  }

  return {
    openBook: (name) => guard('Open book', () => openBook(name))(),
    importBook: guard('Import book', importBook),
    exportAudit: guard('Export audit trail', exportAudit),
    verifyAudit: guard('Verify audit trail', verifyAudit),
    quit: () => deps.quit(),
  }
}
