import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { FeedStatus } from '@shared/domain/feed'
import type { HeldTick } from '@shared/domain/feed-checks'
import FeedControls from '../../src-renderer/src/components/FeedControls.vue'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith, settle } from './helpers/fake-desk'
import { feed, snapshot } from './helpers/fixtures'

const HELD: HeldTick = {
  id: 'JNJ@2019-06-12',
  symbol: 'JNJ',
  date: '2019-06-12',
  close: 13_950,
  adjClose: 13_300,
  lastDate: '2019-06-11',
  lastClose: 139.5,
  basis: 'adjClose',
  ret: 99.1,
  z: 8175.3,
  k: 8,
  references: [{ label: 'index SPY', z: 0.4 }],
  reason: 'return up 8175.3 robust sd (limit 8) not confirmed by the market',
}

function setup(initial: FeedStatus) {
  const fake = createFakeDesk({ 'feed:decideTick': () => ({ ok: true, value: HELD }) })
  const pinia = piniaWith(fake)
  useDeskStore().applySnapshot(snapshot({ feed: initial }), { discardPending: true })
  return { fake, wrapper: mount(FeedControls, { global: { plugins: [pinia] } }) }
}

describe('FeedControls: feed checks', () => {
  it('shows degraded health and names the stale instruments; a degraded feed is still running', () => {
    const { wrapper } = setup(feed({ health: 'degraded', stale: ['JNJ', 'KO'], message: 'stale: JNJ, KO' }))
    expect(wrapper.get('[data-testid="feed-health"]').text()).toBe('degraded')
    expect(wrapper.get('[data-testid="feed-health"]').classes()).toContain('health-degraded')
    expect(wrapper.get('[data-testid="feed-stale"]').text()).toBe('stale: JNJ, KO')
    expect(wrapper.get('[data-testid="feed-play"]').text()).toBe('Pause')
    expect(wrapper.find('[data-testid="held-ticks"]').exists()).toBe(false)
  })

  it('lists a held tick; Accept and Drop stay disabled until a reason of 3+ characters, then send it', async () => {
    const { fake, wrapper } = setup(feed({ health: 'paused', held: [HELD] }))
    const row = wrapper.get(`[data-testid="held-${HELD.id}"]`)
    expect(row.text()).toContain('HELD JNJ 2019-06-12 13950 (+9910 %, z 8175.3); valued at 139.5 of 2019-06-11')
    const drop = row.get('[data-testid="held-drop"]')
    expect(drop.attributes('disabled')).toBeDefined()
    await row.get('[data-testid="held-reason"]').setValue('  x ')
    expect(drop.attributes('disabled')).toBeDefined()
    await row.get('[data-testid="held-reason"]').setValue(' bad vendor print ')
    expect(drop.attributes('disabled')).toBeUndefined()
    await drop.trigger('click')
    await settle()
    expect(fake.callsOn('feed:decideTick')).toEqual([{ id: HELD.id, decision: 'drop', reason: 'bad vendor print' }])
    expect(wrapper.find('[data-testid="held-ticks"]').exists()).toBe(false)
  })

  it('keeps the row when the host refuses the decision', async () => {
    const fake = createFakeDesk({ 'feed:decideTick': () => ({ ok: false, error: { code: 'not_found', message: 'no held tick JNJ@2019-06-12' } }) })
    const pinia = piniaWith(fake)
    useDeskStore().applySnapshot(snapshot({ feed: feed({ held: [HELD] }) }), { discardPending: true })
    const wrapper = mount(FeedControls, { global: { plugins: [pinia] } })
    await wrapper.get('[data-testid="held-reason"]').setValue('checked with the exchange')
    await wrapper.get('[data-testid="held-accept"]').trigger('click')
    await settle()
    expect(fake.callsOn('feed:decideTick')).toEqual([{ id: HELD.id, decision: 'accept', reason: 'checked with the exchange' }])
    expect(wrapper.find(`[data-testid="held-${HELD.id}"]`).exists()).toBe(true)
  })
})
