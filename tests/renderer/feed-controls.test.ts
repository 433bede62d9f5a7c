import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { FeedStatus } from '@shared/domain/feed'
import FeedControls from '../../src-renderer/src/components/FeedControls.vue'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith, settle } from './helpers/fake-desk'
import { feed, snapshot } from './helpers/fixtures'

function setup(initial: FeedStatus = feed({ health: 'paused', speed: 5 })) {
  let status = initial
  const fake = createFakeDesk({
    'feed:play': () => ({ ok: true, value: (status = { ...status, health: 'active' }) }),
    'feed:pause': () => ({ ok: true, value: (status = { ...status, health: 'paused' }) }),
    'feed:speed': (req) => ({ ok: true, value: (status = { ...status, speed: req.speed }) }),
    'feed:runTo': () => ({ ok: true, value: (status = { ...status, health: 'active' }) }),
    'feed:restart': () => ({ ok: true, value: snapshot({ feed: (status = { ...status, health: 'paused', date: null }) }) }),
  })
  const pinia = piniaWith(fake)
  useDeskStore().applySnapshot(snapshot({ feed: initial }), { discardPending: true })
  return { fake, wrapper: mount(FeedControls, { global: { plugins: [pinia] } }) }
}

describe('FeedControls', () => {
  it('one button toggles Play and Pause through the api', async () => {
    const { fake, wrapper } = setup()
    const play = wrapper.get('[data-testid="feed-play"]')
    expect(play.text()).toBe('Play')
    await play.trigger('click')
    await settle()
    expect(fake.callsOn('feed:play')).toEqual([{}])
    expect(play.text()).toBe('Pause')
    await play.trigger('click')
    await settle()
    expect(fake.callsOn('feed:pause')).toEqual([{}])
    expect(play.text()).toBe('Play')
  })

  it('offers 1, 5, 20, 60 days/s and max, and sends the chosen speed', async () => {
    const { fake, wrapper } = setup()
    const select = wrapper.get('[data-testid="feed-speed"]')
    expect(select.findAll('option').map((o) => o.attributes('value'))).toEqual(['1', '5', '20', '60', 'max'])
    expect((select.element as HTMLSelectElement).value).toBe('5')
    await select.setValue('60')
    await settle()
    await select.setValue('max')
    await settle()
    expect(fake.callsOn('feed:speed')).toEqual([{ speed: 60 }, { speed: 'max' }])
  })

  it('shows the market date, health and rejected tick count', () => {
    const { wrapper } = setup(feed({ health: 'stale', date: '2024-05-07', rejectedTicks: 4, message: 'no tick for 5 s' }))
    expect(wrapper.get('[data-testid="feed-date"]').text()).toBe('2024-05-07')
    expect(wrapper.get('[data-testid="feed-health"]').text()).toBe('stale')
    expect(wrapper.get('[data-testid="feed-health"]').attributes('title')).toBe('no tick for 5 s')
    expect(wrapper.get('[data-testid="feed-rejected"]').text()).toContain('4')
    expect(wrapper.get('[data-testid="feed-play"]').text()).toBe('Pause') // a stale feed is still running
  })

  it("a replay held at a proposal says so in words, and Play (not Pause) continues it", () => {
    const { wrapper } = setup(feed({ health: 'holding', date: '2020-03-13' }))
    const health = wrapper.get('[data-testid="feed-health"]')
    expect(health.text()).toBe('held at a proposal: decide to continue')
    expect(health.attributes('data-health')).toBe('holding')
    expect(wrapper.get('[data-testid="feed-play"]').text()).toBe('Play')
  })

  it('Restart starts the replay over through the api; a passed date reads Seek back and a finished replay can seek', async () => {
    const { fake, wrapper } = setup(feed({ health: 'finished', date: '2020-04-30' }))
    const date = wrapper.get('[data-testid="feed-run-to-date"]')
    const go = wrapper.get('[data-testid="feed-run-to"]')
    await date.setValue('2020-04-30')
    expect(go.attributes('disabled')).toBeDefined() // finished: nothing ahead to run to
    await date.setValue('2020-03-02')
    expect(go.text()).toBe('Seek back')
    expect(go.attributes('disabled')).toBeUndefined()
    await go.trigger('click')
    await settle()
    expect(fake.callsOn('feed:runTo')).toEqual([{ date: '2020-03-02' }])
    await wrapper.get('[data-testid="feed-restart"]').trigger('click')
    await settle()
    expect(fake.callsOn('feed:restart')).toEqual([{}])
    expect(useDeskStore().feed?.date).toBeNull()
  })
})
