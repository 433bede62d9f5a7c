/**
 * The `riskdesk` command's launcher (bin/riskdesk.cjs) and how npm finds it (issue #12, `npx riskdesk --help`).
 *
 * - Layout: npm's `npx <cmd>` installs the current project into its npx cache (Arborist: seconds) whenever the
 *   project's own package.json has a `bin` named <cmd>, but runs node_modules/.bin/<cmd> directly otherwise. So the
 *   root package.json has no `bin`; the command comes from the devDependency `riskdesk-cli` (`file:bin`, the folder
 *   bin/ with its own package.json), which `npm ci` links into node_modules/.bin.
 * - Hop: started by a Node older than 22 (the system's `node`), the launcher runs itself on the pinned Node 22.
 *   Checked on a throw-away copy of the launcher with a stub CLI (so no build is needed), with the system's older
 *   Node when one is installed (skipped with the reason otherwise).
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = resolve(__dirname, '..', '..', '..')
const readJson = (p: string): Record<string, unknown> => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>

describe('how npm finds the riskdesk command', () => {
  it('the root package.json has no bin (npx would install the project into its cache on every call)', () => {
    const pkg = readJson(join(ROOT, 'package.json'))
    expect(pkg.bin).toBeUndefined()
    expect((pkg.devDependencies as Record<string, string>)['riskdesk-cli']).toBe('file:bin')
  })

  it('bin/package.json maps riskdesk to the launcher, and the lock file links it', () => {
    const sub = readJson(join(ROOT, 'bin', 'package.json'))
    expect(sub.name).toBe('riskdesk-cli')
    expect(sub.bin).toEqual({ riskdesk: 'riskdesk.cjs' })
    const lock = readJson(join(ROOT, 'package-lock.json')) as { packages: Record<string, Record<string, unknown>> }
    expect(lock.packages['node_modules/riskdesk-cli']).toEqual({ resolved: 'bin', link: true })
    expect(lock.packages.bin?.bin).toEqual({ riskdesk: 'riskdesk.cjs' })
    expect(lock.packages['']?.bin).toBeUndefined()
  })

  it.skipIf(!existsSync(join(ROOT, 'node_modules', '.bin', 'riskdesk')))('node_modules/.bin/riskdesk is the launcher', () => {
    expect(realpathSync(join(ROOT, 'node_modules', '.bin', 'riskdesk'))).toBe(realpathSync(join(ROOT, 'bin', 'riskdesk.cjs')))
  })
})

/** The system's Node when it is older than 22 (the case the hop is for), else null. */
function olderSystemNode(): string | null {
  for (const p of ['/usr/bin/node', '/usr/local/bin/node']) {
    if (!existsSync(p)) continue
    const v = execFileSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).trim()
    if (Number(v.split('.')[0]) < 22) return p
  }
  return null
}
const OLD_NODE = olderSystemNode()

describe('the launcher on an older Node', () => {
  const dirs: string[] = []
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })))

  /** A copy of the launcher beside a stub out/main/cli.js that prints the Node it runs on and its arguments. */
  function fixture(withPinned: boolean): string {
    const dir = mkdtempSync(join(tmpdir(), 'riskdesk-launcher-'))
    dirs.push(dir)
    mkdirSync(join(dir, 'bin'))
    mkdirSync(join(dir, 'out', 'main'), { recursive: true })
    copyFileSync(join(ROOT, 'bin', 'riskdesk.cjs'), join(dir, 'bin', 'riskdesk.cjs'))
    writeFileSync(
      join(dir, 'out', 'main', 'cli.js'),
      'exports.runCli = async (argv) => { console.log(JSON.stringify({ node: process.versions.node, argv, reexec: process.env.RISKDESK_REEXEC ?? null })); return 3 }\n',
    )
    if (withPinned) {
      mkdirSync(join(dir, 'node_modules', 'node', 'bin'), { recursive: true })
      symlinkSync(process.execPath, join(dir, 'node_modules', 'node', 'bin', 'node'))
    }
    return dir
  }

  it('on Node >= 22 runs the CLI in its own process', () => {
    const dir = fixture(false)
    const r = spawnSync(process.execPath, [join(dir, 'bin', 'riskdesk.cjs'), 'risk', '--json'], { encoding: 'utf8' })
    expect(r.status).toBe(3)
    expect(JSON.parse(r.stdout)).toEqual({ node: process.versions.node, argv: ['risk', '--json'], reexec: null })
  })

  it.skipIf(OLD_NODE === null)('started by the older system Node, runs itself on the pinned Node 22 (arguments and exit code passed through)', () => {
    const dir = fixture(true)
    const r = spawnSync(OLD_NODE!, [join(dir, 'bin', 'riskdesk.cjs'), 'backtest', '--from', '2020-01-02'], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(3)
    expect(JSON.parse(r.stdout)).toEqual({ node: process.versions.node, argv: ['backtest', '--from', '2020-01-02'], reexec: '1' })
  })

  it.skipIf(OLD_NODE === null)('a copy of the launcher outside the project finds the pinned Node as Node resolves the `node` package from there', () => {
    const dir = fixture(true)
    writeFileSync(join(dir, 'node_modules', 'node', 'package.json'), '{ "name": "node", "version": "22.0.0" }\n')
    const app = join(dir, 'out', 'bench', 'app')
    mkdirSync(join(app, 'bin'), { recursive: true })
    mkdirSync(join(app, 'out', 'main'), { recursive: true })
    copyFileSync(join(dir, 'bin', 'riskdesk.cjs'), join(app, 'bin', 'riskdesk.cjs'))
    copyFileSync(join(dir, 'out', 'main', 'cli.js'), join(app, 'out', 'main', 'cli.js'))
    const r = spawnSync(OLD_NODE!, [join(app, 'bin', 'riskdesk.cjs'), '--help'], { encoding: 'utf8' })
    expect(r.stderr).toBe('')
    expect(r.status).toBe(3)
    expect(JSON.parse(r.stdout)).toEqual({ node: process.versions.node, argv: ['--help'], reexec: '1' })
  })

  it.skipIf(OLD_NODE === null)('without a pinned Node refuses in one line and exits 1', () => {
    const dir = fixture(false)
    const r = spawnSync(OLD_NODE!, [join(dir, 'bin', 'riskdesk.cjs'), '--help'], { encoding: 'utf8' })
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^riskdesk: needs Node >= 22 \(this is \d+\.[\d.]+\) and found no pinned Node 22 in node_modules; run `npm install`/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
  })
})
