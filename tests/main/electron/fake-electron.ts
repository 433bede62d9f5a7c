import { EventEmitter } from 'node:events'
import { vi } from 'vitest'

/**
 * A hand-written stand-in for the `electron` module (the binary cannot be downloaded here), in the spirit of Heroic's
 * `src/backend/__mocks__/electron.ts`. Test files install it with
 *   vi.mock('electron', async () => (await import('./fake-electron')).fakeElectron)
 * and inspect the same module-level state through `fake`. Each test file gets its own module registry, so state does
 * not leak between files; `resetFake()` clears it between tests of one file.
 */

type Handler = (...args: unknown[]) => unknown

export class FakeEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

export class FakeWebContents extends EventEmitter {
  readonly send = vi.fn()
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null
  destroyed = false
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = []
  readonly webContents = new FakeWebContents()
  readonly loadURL = vi.fn(async (_url: string) => undefined)
  readonly loadFile = vi.fn(async (_file: string) => undefined)
  readonly show = vi.fn()
  readonly focus = vi.fn()
  readonly restore = vi.fn()
  minimized = false
  destroyed = false
  constructor(readonly options: Record<string, unknown>) {
    super()
    FakeBrowserWindow.instances.push(this)
    fake.app.emit('web-contents-created', new FakeEvent(), this.webContents)
  }
  isMinimized(): boolean {
    return this.minimized
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
}

export class FakeNotification extends EventEmitter {
  static instances: FakeNotification[] = []
  static supported = true
  static isSupported(): boolean {
    return FakeNotification.supported
  }
  readonly show = vi.fn()
  readonly close = vi.fn()
  constructor(readonly options: { title: string; body: string; urgency?: string }) {
    super()
    FakeNotification.instances.push(this)
  }
}

export class FakeTray extends EventEmitter {
  static instances: FakeTray[] = []
  readonly setImage = vi.fn()
  readonly setToolTip = vi.fn()
  readonly setTitle = vi.fn()
  readonly setContextMenu = vi.fn()
  readonly destroy = vi.fn(() => {
    this.destroyed = true
  })
  destroyed = false
  constructor(readonly image: unknown) {
    super()
    FakeTray.instances.push(this)
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
}

function createState() {
  const ipcHandlers = new Map<string, Handler>()
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: vi.fn(() => true),
    whenReady: vi.fn(async () => undefined),
    quit: vi.fn(),
    exit: vi.fn(),
    getAppPath: vi.fn(() => '/opt/riskdesk'),
    // a folder that does not exist: settings files read as absent (defaults), writes fail and are logged
    getPath: vi.fn((_name: string) => '/nonexistent/riskdesk-user-data'),
  })
  const defaultSession = {
    permissionRequestHandler: null as Handler | null,
    permissionCheckHandler: null as Handler | null,
    devicePermissionHandler: null as Handler | null,
    headersListener: null as Handler | null,
    setPermissionRequestHandler: vi.fn((h: Handler) => {
      defaultSession.permissionRequestHandler = h
    }),
    setPermissionCheckHandler: vi.fn((h: Handler) => {
      defaultSession.permissionCheckHandler = h
    }),
    setDevicePermissionHandler: vi.fn((h: Handler) => {
      defaultSession.devicePermissionHandler = h
    }),
    webRequest: {
      onHeadersReceived: vi.fn((h: Handler) => {
        defaultSession.headersListener = h
      }),
    },
  }
  return {
    ipcHandlers,
    app,
    defaultSession,
    protocolHandlers: new Map<string, Handler>(),
    privilegedSchemes: [] as unknown[],
    menus: [] as { template: unknown[] }[],
    applicationMenu: null as { template: unknown[] } | null,
    dialog: {
      showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
      showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
      showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
      showErrorBox: vi.fn(),
    },
  }
}

export const fake = createState()

/** Clears recorded state between tests (handlers, windows, notifications, trays, menus). */
export function resetFake(): void {
  const next = createState()
  fake.ipcHandlers.clear()
  fake.protocolHandlers.clear()
  fake.privilegedSchemes.length = 0
  fake.menus.length = 0
  fake.applicationMenu = null
  fake.app.removeAllListeners()
  Object.assign(fake.app, { isPackaged: false })
  fake.app.requestSingleInstanceLock.mockImplementation(() => true)
  Object.assign(fake.defaultSession, { permissionRequestHandler: null, permissionCheckHandler: null, devicePermissionHandler: null, headersListener: null })
  Object.assign(fake.dialog, next.dialog)
  FakeBrowserWindow.instances = []
  FakeNotification.instances = []
  FakeNotification.supported = true
  FakeTray.instances = []
  vi.clearAllMocks()
}

export const fakeElectron = {
  app: fake.app,
  BrowserWindow: FakeBrowserWindow,
  Notification: FakeNotification,
  Tray: FakeTray,
  session: { defaultSession: fake.defaultSession },
  ipcMain: {
    handle: vi.fn((channel: string, handler: Handler) => {
      if (fake.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
      fake.ipcHandlers.set(channel, handler)
    }),
    removeHandler: vi.fn((channel: string) => {
      fake.ipcHandlers.delete(channel)
    }),
  },
  protocol: {
    registerSchemesAsPrivileged: vi.fn((schemes: unknown[]) => {
      fake.privilegedSchemes.push(...schemes)
    }),
    handle: vi.fn((scheme: string, handler: Handler) => {
      fake.protocolHandlers.set(scheme, handler)
    }),
  },
  Menu: {
    buildFromTemplate: vi.fn((template: unknown[]) => {
      const menu = { template }
      fake.menus.push(menu)
      return menu
    }),
    setApplicationMenu: vi.fn((menu: { template: unknown[] }) => {
      fake.applicationMenu = menu
    }),
  },
  nativeImage: { createFromPath: vi.fn((path: string) => ({ path })) },
  get dialog() {
    return fake.dialog
  },
}
