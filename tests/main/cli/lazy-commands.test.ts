import { describe, expect, it } from 'vitest'
import { buildProgram, CLI_COMMANDS } from '../../../src-main/cli/index'
import { cli } from './cli-harness'

const silentIo = { out: () => {}, write: () => {}, err: () => {} }

describe('lazily loaded CLI commands', () => {
  it('lists every command with the same term and summary as its register function declares', async () => {
    const all = new Map(await Promise.all(CLI_COMMANDS.map(async (c) => [c.name, await c.load()] as const)))
    const full = buildProgram(silentIo, all)
    const listing = buildProgram(silentIo)
    expect(listing.helpInformation()).toBe(full.helpInformation())
    expect(listing.commands.map((c) => c.name())).toEqual(full.commands.map((c) => c.name()))
  })

  it('runs a command given after `help`, and the listing without loading any command', async () => {
    const help = await cli('--help')
    expect(help.code).toBe(0)
    for (const c of CLI_COMMANDS) expect(help.stdout).toContain(c.term)
    const riskHelp = await cli('help', 'risk')
    expect(riskHelp.code).toBe(0)
    expect(riskHelp.stdout).toContain('--book <file>')
  })

  it('still names an unknown command as a usage error', async () => {
    const r = await cli('rsik')
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/unknown command 'rsik'/)
  })
})
