import { describe, expect, it } from 'vitest'
import type { FeedStatus } from '@shared/domain/feed'
import type { DayBatch, Feed } from '../../../src-main/market/feeds/feed'
import { FeedRunner } from '../../../src-main/desk/feed-runner'

const DATES = ['2020-03-02', '2020-03-03', '2020-03-04', '2020-03-05', '2020-03-06', '2020-03-09']

function listFeed(): Feed {
  let k = 0
  return {
    kind: 'replay',
    remaining: () => DATES.length - k,
    next: (): DayBatch | null => {
      const date = DATES[k++]
      return date === undefined ? null : { date, ticks: [] }
    },
  }
}

/** A runner over DATES at full speed, the days it applied, and a wait for a given health. */
function runner(): { runner: FeedRunner; applied: string[]; settled: (health: FeedStatus['health']) => Promise<void> } {
  const applied: string[] = []
  const waiters: { health: FeedStatus['health']; resolve: () => void }[] = []
  const r = new FeedRunner({
    feed: listFeed(),
    from: DATES[0]!,
    to: DATES.at(-1)!,
    speed: 'max',
    onDay: (b) => applied.push(b.date),
    onStatus: (s) => {
      for (const w of waiters.splice(0)) {
        if (w.health === s.health) w.resolve()
        else waiters.push(w)
      }
    },
  })
  return { runner: r, applied, settled: (health) => new Promise((resolve) => waiters.push({ health, resolve })) }
}

describe('FeedRunner.runTo: a seek forward that pauses on a market date', () => {
  it('applies every day up to the first one on or after the target, then pauses there', async () => {
    const { runner: r, applied, settled } = runner()
    const paused = settled('paused')
    expect(r.runTo('2020-03-04').health).toBe('active')
    await paused
    expect(applied).toEqual(['2020-03-02', '2020-03-03', '2020-03-04'])
    expect(r.status()).toMatchObject({ health: 'paused', date: '2020-03-04' })
  })

  it('a target between market days pauses on the next market day; play then runs to the end', async () => {
    const { runner: r, applied, settled } = runner()
    const paused = settled('paused')
    r.runTo('2020-03-07')
    await paused
    expect(applied.at(-1)).toBe('2020-03-09')
    const finished = settled('finished')
    r.play()
    await finished
    expect(applied).toEqual(DATES)
  })

  it('a manual pause cancels the target: play then runs to the end', async () => {
    const { runner: r, applied, settled } = runner()
    r.runTo('2020-03-04')
    r.pause() // before the first day is applied (days run on setImmediate)
    expect(applied).toEqual([])
    const finished = settled('finished')
    r.play()
    await finished
    expect(applied).toEqual(DATES)
  })

  it('a date after the replay is refused and nothing runs', () => {
    const { runner: r } = runner()
    expect(() => r.runTo('2020-03-10')).toThrow(/the replay ends on 2020-03-09/)
    expect(r.status().health).toBe('idle')
  })
})
