// `npm start`: launches the desktop app through electron-vite (build + Electron) when the Electron binary is present;
// otherwise prints one line pointing to browser mode and exits 1. Never require('electron') here: its index.js tries
// to download the binary when it is missing, which hangs or fails on offline machines.
const { existsSync, readFileSync } = require('node:fs')
const { join } = require('node:path')
const { spawn } = require('node:child_process')

const root = join(__dirname, '..')
const electronDir = join(root, 'node_modules', 'electron')

/** Path of the Electron executable if it is installed (same lookup as electron/index.js, minus the download). */
function electronExecutable() {
  const pathFile = join(electronDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const relative = readFileSync(pathFile, 'utf8').trim()
  if (relative === '') return null
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH || join(electronDir, 'dist')
  const full = join(base, relative)
  return existsSync(full) ? full : null
}

if (electronExecutable() === null) {
  process.stderr.write('riskdesk: the Electron binary is not installed (node_modules/electron/dist is missing) - run `npm run web` to use RiskDesk in your browser instead.\n')
  process.exit(1)
}

const cli = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
const child = spawn(process.execPath, [cli, 'preview', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
child.on('exit', (code, signal) => process.exit(signal === null ? (code ?? 1) : 1))
