import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { MenuItemConstructorOptions } from 'electron'
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { buildMenuTemplate, menuLabel, type MenuCommands } from '../../../src-main/electron/menu'
import { createMenuCommands } from '../../../src-main/electron/menu-actions'
import { TRAY_ICON_FILES, createDeskTray, trayText } from '../../../src-main/electron/tray'
import { FakeHost } from '../transports/contract-samples'
import { FakeTray, fake, resetFake } from './fake-electron'

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)

const dir = mkdtempSync(join(tmpdir(), 'riskdesk-menu-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
beforeEach(() => resetFake())

const summary = (worst: 'MEDIUM' | 'HIGH' | 'CRITICAL' | null, open: number) => ({ worst, open, counts: { MEDIUM: 0, HIGH: 0, CRITICAL: 0 } })

describe('tray', () => {
  it('tooltip and title name the worst open severity', () => {
    expect(trayText(summary(null, 0))).toEqual({ tooltip: 'RiskDesk: no open alerts', title: '' })
    expect(trayText(summary('CRITICAL', 3))).toEqual({ tooltip: 'RiskDesk: 3 open alerts, worst CRITICAL', title: 'CRITICAL' })
    expect(trayText(summary('MEDIUM', 1)).tooltip).toBe('RiskDesk: 1 open alert, worst MEDIUM')
  })

  it('switches icon, tooltip and title with the summary', () => {
    const tray = createDeskTray({ iconDir: '/icons', onShow: vi.fn(), onQuit: vi.fn() })
    const t = FakeTray.instances[0]!
    expect(t.image).toEqual({ path: join('/icons', TRAY_ICON_FILES.none) })
    tray.update(summary('HIGH', 2))
    expect(t.setImage).toHaveBeenLastCalledWith({ path: join('/icons', TRAY_ICON_FILES.HIGH) })
    expect(t.setToolTip).toHaveBeenLastCalledWith('RiskDesk: 2 open alerts, worst HIGH')
    expect(t.setTitle).toHaveBeenLastCalledWith('HIGH')
    tray.destroy()
    expect(t.destroy).toHaveBeenCalled()
  })

  it('ships every tray icon it refers to', async () => {
    const { existsSync } = await import('node:fs')
    const icons = join(import.meta.dirname, '../../../assets/icons')
    for (const file of Object.values(TRAY_ICON_FILES)) {
      expect(existsSync(join(icons, file)), file).toBe(true)
      expect(existsSync(join(icons, file.replace('.png', '@2x.png'))), file).toBe(true)
    }
    expect(existsSync(join(icons, 'icon.png'))).toBe(true)
  })
})

function item(template: MenuItemConstructorOptions[], ...labels: string[]): MenuItemConstructorOptions {
  let items = template
  let found: MenuItemConstructorOptions | undefined
  for (const label of labels) {
    found = items.find((i) => i.label === label)
    if (found === undefined) throw new Error(`menu item ${labels.join(' > ')} not found`)
    items = (found.submenu as MenuItemConstructorOptions[] | undefined) ?? []
  }
  return found!
}

const click = (i: MenuItemConstructorOptions) => (i.click as unknown as () => void)()

describe('menu template', () => {
  const commands: MenuCommands = { openBook: vi.fn(), importBook: vi.fn(), exportAudit: vi.fn(), verifyAudit: vi.fn(), quit: vi.fn() }

  it('has Open book (saved books), Import book, Reports (audit export) and Quit wired to the commands', () => {
    const template = buildMenuTemplate({ books: ['Growth & Value', 'Macro'], commands, platform: 'linux', devTools: false })
    click(item(template, 'File', 'Open book', menuLabel('Growth & Value')))
    expect(commands.openBook).toHaveBeenCalledWith('Growth & Value')
    click(item(template, 'File', 'Import book…'))
    expect(commands.importBook).toHaveBeenCalled()
    click(item(template, 'Reports', 'Export audit trail…'))
    expect(commands.exportAudit).toHaveBeenCalled()
    click(item(template, 'Reports', 'Verify audit trail'))
    expect(commands.verifyAudit).toHaveBeenCalled()
    click(item(template, 'File', 'Quit'))
    expect(commands.quit).toHaveBeenCalled()
    expect(JSON.stringify(template)).not.toContain('toggleDevTools')
  })

  it('shows a disabled placeholder without saved books, and the app menu on macOS', () => {
    const template = buildMenuTemplate({ books: [], commands, platform: 'darwin', devTools: true })
    expect(item(template, 'File', 'Open book', '(no saved books)').enabled).toBe(false)
    expect(template[0]).toEqual({ role: 'appMenu' })
    expect(JSON.stringify(template)).toContain('toggleDevTools')
  })
})

describe('menu actions', () => {

  it('Import book reads the picked file and sends it through the host, then refreshes the book list', async () => {
    const file = join(dir, 'book.csv')
    writeFileSync(file, 'symbol,quantity\nAAPL,100\n')
    fake.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] })
    const host = new FakeHost()
    host.respond = () => ({ ok: true, value: { rows: 1, accepted: 1, rejected: 0, issues: [], saved: true, name: 'book' } })
    const onBooksChanged = vi.fn()
    const commands = createMenuCommands({ host, actor: 'trader1', getWindow: () => null, onBooksChanged, quit: vi.fn() })
    commands.importBook()
    await vi.waitFor(() => expect(onBooksChanged).toHaveBeenCalled())
    expect(host.calls).toEqual([{ channel: 'book:import', request: { fileName: 'book.csv', content: 'symbol,quantity\nAAPL,100\n', save: true }, actor: 'trader1' }])
    expect(fake.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ message: '1 of 1 rows accepted, 0 rejected; saved as "book"' }))
    expect(onBooksChanged).toHaveBeenCalled()
  })

  it('Open book reports a host error in a dialog instead of throwing', async () => {
    const host = new FakeHost()
    host.respond = () => ({ ok: false, error: { code: 'not_found', message: 'no such book' } })
    const commands = createMenuCommands({ host, actor: 'trader1', getWindow: () => null, onBooksChanged: vi.fn(), quit: vi.fn() })
    commands.openBook('ghost')
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalled())
    expect(fake.dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'error', detail: 'no such book' }))
  })

  it('Export audit trail writes the queried events and the verification result', async () => {
    const target = join(dir, 'audit.json')
    fake.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target })
    const host = new FakeHost()
    const event = { seq: 1, ts: '2024-01-01T00:00:00Z', type: 'limits.updated', actor: 'x', book: null, payload: {}, hash: 'h' }
    host.respond = (channel) =>
      channel === 'audit:query' ? { ok: true, value: [event] } : { ok: true, value: { ok: true, rows: 1, firstBadSeq: null, reason: null } }
    const commands = createMenuCommands({ host, actor: 'head', getWindow: () => null, onBooksChanged: vi.fn(), quit: vi.fn() })
    commands.exportAudit()
    await vi.waitFor(() => expect(fake.dialog.showMessageBox).toHaveBeenCalled())
    const { readFileSync } = await import('node:fs')
    const written = JSON.parse(readFileSync(target, 'utf8')) as Record<string, unknown>
    expect(written).toMatchObject({ exportedBy: 'head', truncated: false, events: [event], verification: { ok: true, rows: 1 } })
  })
})
