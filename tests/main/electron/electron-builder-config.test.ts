import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'

// electron-builder's own loader and JSON-schema validation (app-builder-lib, a dependency of the electron-builder
// devDependency), so the test fails on any key electron-builder 26 would reject, not only on the ones listed here.
const require = createRequire(import.meta.url)
const root = join(import.meta.dirname, '../../..')

interface LoadedConfig {
  appId?: string
  productName?: string
  directories?: { output?: string }
  files?: (string | { filter?: string[] })[]
  asarUnpack?: string[]
  npmRebuild?: boolean
  electronFuses?: Record<string, boolean>
  linux?: { target?: string[] }
  win?: { target?: string[] }
  mac?: { target?: string[] }
  extraResources?: { from: string; to: string }[]
}

async function loadConfig(): Promise<LoadedConfig> {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
    getConfig(dir: string, path: string, extra: null): Promise<LoadedConfig>
    validateConfiguration(config: LoadedConfig, logger: unknown): Promise<void>
  }
  const { DebugLogger } = require('builder-util/out/DebugLogger.js') as { DebugLogger: new (enabled: boolean) => unknown }
  const config = await getConfig(root, join(root, 'electron.builder.yml'), null)
  await validateConfiguration(config, new DebugLogger(false))
  return config
}

describe('electron.builder.yml', () => {
  let config: LoadedConfig
  // Loading app-builder-lib takes seconds on a busy machine: once per file.
  beforeAll(async () => {
    config = await loadConfig()
  }, 60_000)

  it('passes electron-builder schema validation and sets the app identity and output', () => {
    expect(config.productName).toBe('RiskDesk')
    expect(config.appId).toMatch(/^[a-z]+(\.[a-z]+)+$/)
    expect(config.directories?.output).toBe('dist')
    // getConfig normalises `files` to [{ filter: [...] }]
    const files = (config.files ?? []).flatMap((f) => (typeof f === 'string' ? [f] : (f.filter ?? [])))
    expect(files).toEqual(expect.arrayContaining(['out/**', 'package.json', 'assets/**']))
    expect(config.asarUnpack).toContain('**/*.node')
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'assets', to: 'assets' })])
    expect(config.npmRebuild).toBe(false)
  })

  it('spells out every hardening fuse', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('targets AppImage + deb, NSIS and DMG', () => {
    expect(config.linux?.target).toEqual(['AppImage', 'deb'])
    expect(config.win?.target).toEqual(['nsis'])
    expect(config.mac?.target).toEqual(['dmg'])
  })

  it('refers only to icons that exist', () => {
    const yml = readFileSync(join(root, 'electron.builder.yml'), 'utf8')
    for (const [, path] of yml.matchAll(/icon: (\S+)/g)) expect(existsSync(join(root, path!)), path).toBe(true)
  })
})
