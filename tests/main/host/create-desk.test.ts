import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import type * as ComputePoolModule from '../../../src-main/compute/compute-pool'
import type { ComputePool } from '../../../src-main/compute/compute-pool'
import { createDesk } from '../../../src-main/host/create-desk'
import { buildWorker, type BuiltWorker } from '../compute/build-worker'
import { bundledMarket, DEMO_BOOK, DEMO_LIMITS } from '../desk/desk-fixture'

// The pools createDesk starts, so the test can see that closeAll closes them.
const started = vi.hoisted(() => [] as { close: ReturnType<typeof vi.fn> }[])
vi.mock('../../../src-main/compute/compute-pool', async (importOriginal) => {
  const real = await importOriginal<typeof ComputePoolModule>()
  return {
    ...real,
    createComputePool: (...args: Parameters<typeof real.createComputePool>): ComputePool => {
      const pool = real.createComputePool(...args)
      const watched = { ...pool, close: vi.fn(() => pool.close()) }
      started.push(watched)
      return watched
    },
  }
})

const REPLAY = { from: '2020-02-24', to: '2020-03-31', speed: 'max' as const, autoplay: false }
let worker: BuiltWorker
const dir = mkdtempSync(join(tmpdir(), 'riskdesk-create-desk-'))

beforeAll(async () => {
  worker = await buildWorker()
}, 120_000)

afterAll(() => {
  worker?.remove()
  rmSync(dir, { recursive: true, force: true })
})

function options(name: string, workerFile: string) {
  return {
    market: bundledMarket(),
    dbFile: join(dir, `${name}.db`),
    bookFile: DEMO_BOOK,
    limitsFile: DEMO_LIMITS,
    user: 'tester',
    replay: REPLAY,
    pool: { threads: 1, workerFile },
  }
}

describe('createDesk owns the compute pool', () => {
  it('starts the pool, reports through it, and closes it in closeAll', async () => {
    const desk = await createDesk(options('pooled', worker.file))
    expect(started).toHaveLength(1)
    const r = await desk.invoke('risk:report', { paths: 2_000 }, 'tester')
    expect(r).toMatchObject({ ok: true, value: { book: 'demo-desk', monteCarlo: { paths: 2_000 } } })
    await desk.closeAll()
    expect(started[0]!.close).toHaveBeenCalledTimes(1)
  })

  it('without a built worker the desk still starts, says why, and computes in-process', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const desk = await createDesk(options('no-worker', join(dir, 'missing-worker.js')))
      expect(errors.mock.calls.map((c) => String(c[0])).join('\n')).toMatch(/compute pool not started .*worker file not found.*in-process/)
      expect(await desk.invoke('risk:report', { paths: 1_000 }, 'tester')).toMatchObject({ ok: true })
      await desk.closeAll()
    } finally {
      errors.mockRestore()
    }
  })
})
