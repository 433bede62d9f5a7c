import { join } from 'node:path'
import { app } from 'electron'
import { createDesk, DEFAULT_REPLAY } from '../host/create-desk'
import { loadMarket } from '../market/load-market'
import { bundledMarketFiles, assetsDir } from '../market/bundled-data'
import { desktopActor, startDesktop } from './main'

// Electron entry (out/main/index.js): the same desk service as `riskdesk web`, carried over IPC instead of a socket.
// The audit trail lives in the user's data folder; the bundled market data and demo book come from the app's resources.
const resources = app.isPackaged ? process.resourcesPath : undefined

startDesktop(
  async () => {
    const books = join(assetsDir(resources), 'books')
    return createDesk({
      market: loadMarket(bundledMarketFiles(resources)),
      dbFile: join(app.getPath('userData'), 'riskdesk.db'),
      bookFile: join(books, 'demo-desk.csv'),
      limitsFile: join(books, 'demo-desk.limits.json'),
      user: desktopActor(),
      replay: { ...DEFAULT_REPLAY, autoplay: true },
    }).then((desk) => Object.assign(desk, { close: () => desk.closeAll() }))
  },
  { mainDir: __dirname },
).catch((err: unknown) => {
  console.error('[desktop] failed to start:', err)
  app.exit(1)
})
