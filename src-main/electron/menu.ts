import { Menu, type MenuItemConstructorOptions } from 'electron'

/**
 * Application menu: File (Open book ▸ saved books, Import book…, Quit), Edit, View, Reports (Export audit trail…,
 * Verify audit trail), Window. Commands are injected (menu-actions.ts) so the template is plain data to test.
 */

export interface MenuCommands {
  openBook(name: string): void
  importBook(): void
  exportAudit(): void
  verifyAudit(): void
  quit(): void
}

/** Menu labels treat `&` as a mnemonic marker on Windows/Linux; a literal one is written `&&`. */
export function menuLabel(text: string): string {
  return text.replaceAll('&', '&&')
}

/**
 * Builds the menu template.
 *
 * @param options.books saved book names, shown under Open book (disabled placeholder when empty)
 * @param options.platform `process.platform` (macOS gets the app menu first)
 * @param options.devTools include Toggle Developer Tools (unpackaged builds only)
 */
export function buildMenuTemplate(options: {
  books: readonly string[]
  commands: MenuCommands
  platform: NodeJS.Platform
  devTools: boolean
}): MenuItemConstructorOptions[] {
  const { commands } = options
  const bookItems: MenuItemConstructorOptions[] =
    options.books.length === 0
      ? [{ label: '(no saved books)', enabled: false }]
      : options.books.map((name) => ({ label: menuLabel(name), click: () => commands.openBook(name) }))
  const view: MenuItemConstructorOptions[] = [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }]
  if (options.devTools) view.push({ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' })

  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Open book', submenu: bookItems },
        { label: 'Import book…', accelerator: 'CmdOrCtrl+I', click: () => commands.importBook() },
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => commands.quit() },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    {
      label: 'Reports',
      submenu: [
        { label: 'Export audit trail…', click: () => commands.exportAudit() },
        { label: 'Verify audit trail', click: () => commands.verifyAudit() },
      ],
    },
    { role: 'windowMenu' },
  ]
  if (options.platform === 'darwin') template.unshift({ role: 'appMenu' })
  return template
}

/** Builds and installs the application menu. */
export function installMenu(options: Parameters<typeof buildMenuTemplate>[0]): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(buildMenuTemplate(options)))
}
