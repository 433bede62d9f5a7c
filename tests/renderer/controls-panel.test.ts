import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { invokeSchemas } from '@shared/api/contract'
import type { Controls } from '@shared/domain/controls'
import ControlsPanel from '../../src-renderer/src/components/ControlsPanel.vue'
import { connectDesk } from '../../src-renderer/src/session/connect-desk'
import { useConnectionStore } from '../../src-renderer/src/stores/connection'
import { useControlsStore } from '../../src-renderer/src/stores/controls'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith, settle, type Handlers } from './helpers/fake-desk'
import { controls, mark, snapshot } from './helpers/fixtures'

const BOOK = 'demo-book'
const trader = (reason: string) => ({ by: 'trader1', role: 'trader' as const, reason, since: mark() })

/** A host stand-in: applies each override to its controls (no role checks unless `refuse` says so). */
function hostHandlers(refuse: Partial<Record<string, { code: string; message: string }>> = {}): Handlers {
  let state: Controls = controls()
  return {
    'controls:override': (req) => {
      const no = refuse[req.kind]
      if (no) return { ok: false, error: no }
      if (req.kind === 'pause') state = { ...state, pause: { ...trader(req.reason), span: req.span! }, armed: false, armedReason: 'paused by trader1' }
      if (req.kind === 'resume') state = { ...state, pause: null, armed: true, armedReason: null }
      if (req.kind === 'kill') state = { ...state, kill: trader(req.reason), killedAt: mark(), armed: false, armedReason: 'kill switch engaged' }
      if (req.kind === 'rearm') state = { ...state, kill: null, killedAt: null, armed: true, armedReason: null }
      if (req.kind === 'reduce-only') state = { ...state, reduceOnly: { ...trader(req.reason), span: null } }
      if (req.kind === 'lift-reduce-only') state = { ...state, reduceOnly: null }
      if (req.kind === 'lock') state = { ...state, lock: { ...trader(req.reason), marketDate: '2024-06-03' } }
      if (req.kind === 'unlock') state = { ...state, lock: null }
      return { ok: true, value: controls(state) }
    },
  }
}

async function setup(handlers: Handlers = hostHandlers(), initial: Controls = controls()) {
  const fake = createFakeDesk(handlers, snapshot({ book: BOOK, controls: initial }))
  const pinia = piniaWith(fake)
  await useDeskStore().loadSnapshot()
  const wrapper = mount(ControlsPanel, { global: { plugins: [pinia] } })
  return { fake, wrapper }
}

type W = Awaited<ReturnType<typeof setup>>['wrapper']
const el = (w: W, id: string) => w.get(`[data-testid="${id}"]`)
const disabled = (w: W, id: string) => el(w, id).attributes('disabled') !== undefined

describe('ControlsPanel', () => {
  it('shows whether automation is armed, and why not', async () => {
    const { wrapper } = await setup()
    expect(el(wrapper, 'controls-armed').text()).toBe('Automation armed')
    expect(el(wrapper, 'controls-armed').attributes('data-armed')).toBe('true')
    useControlsStore().apply(controls({ armed: false, armedReason: 'cooling off after the kill switch' }))
    await wrapper.vm.$nextTick()
    expect(el(wrapper, 'controls-armed').text()).toBe('Automation not armed: cooling off after the kill switch')
    expect(el(wrapper, 'controls-armed').attributes('data-armed')).toBe('false')
  })

  it('every override needs a reason: buttons stay disabled until one is typed', async () => {
    const { wrapper } = await setup()
    await el(wrapper, 'kill-confirm').setValue(BOOK)
    for (const id of ['controls-pause', 'controls-reduce-only', 'controls-lock', 'kill-switch']) expect(disabled(wrapper, id), id).toBe(true)
    await el(wrapper, 'controls-reason').setValue('a b')
    expect(disabled(wrapper, 'controls-pause')).toBe(true)
    await el(wrapper, 'controls-reason').setValue('volatile open')
    for (const id of ['controls-pause', 'controls-reduce-only', 'controls-lock', 'kill-switch']) expect(disabled(wrapper, id), id).toBe(false)
    // nothing to undo yet
    for (const id of ['controls-resume', 'controls-lift-reduce-only', 'controls-unlock', 'controls-rearm']) expect(disabled(wrapper, id), id).toBe(true)
  })

  it('pauses for a period (market updates and minutes) with a reason, shows it, and resumes', async () => {
    const { fake, wrapper } = await setup()
    await el(wrapper, 'controls-reason').setValue('news at 14:00')
    await el(wrapper, 'controls-pause-updates').setValue('4')
    await el(wrapper, 'controls-pause-minutes').setValue('20')
    await el(wrapper, 'controls-pause').trigger('click')
    await settle()
    expect(fake.callsOn('controls:override')).toEqual([{ kind: 'pause', reason: 'news at 14:00', span: { updates: 4, ms: 1_200_000 } }])
    expect(el(wrapper, 'controls-pause-state').text()).toContain('Automation paused by trader1 (trader) on 2024-06-03: news at 14:00')
    expect(el(wrapper, 'controls-pause-state').text()).toContain('4 market updates (replay) or 20 min (live)')
    expect(el(wrapper, 'controls-armed').text()).toBe('Automation not armed: paused by trader1')
    expect((el(wrapper, 'controls-reason').element as HTMLInputElement).value).toBe('') // used up
    await el(wrapper, 'controls-reason').setValue('news is out')
    await el(wrapper, 'controls-resume').trigger('click')
    await settle()
    expect(fake.callsOn('controls:override').at(-1)).toEqual({ kind: 'resume', reason: 'news is out' })
    expect(wrapper.find('[data-testid="controls-pause-state"]').exists()).toBe(false)
  })

  it('reduce-only on and lifted; commitment lock set, and lifted early by a desk head with the passphrase', async () => {
    const { fake, wrapper } = await setup()
    await el(wrapper, 'controls-reason').setValue('no more risk today')
    await el(wrapper, 'controls-reduce-only').trigger('click')
    await settle()
    expect(el(wrapper, 'controls-reduce-only-state').text()).toContain('until lifted')
    await el(wrapper, 'controls-reason').setValue('commit until the close')
    await el(wrapper, 'controls-lock').trigger('click')
    await settle()
    expect(el(wrapper, 'controls-lock-state').text()).toContain('No risk increase until the close of 2024-06-03')
    await el(wrapper, 'controls-reason').setValue('client order needs room')
    expect(disabled(wrapper, 'controls-unlock')).toBe(true) // only a desk head lifts it before the close
    await el(wrapper, 'rearm-name').setValue('carol')
    await el(wrapper, 'rearm-passphrase').setValue('correct horse')
    await el(wrapper, 'controls-unlock').trigger('click')
    await settle()
    expect(fake.callsOn('controls:override')).toEqual([
      { kind: 'reduce-only', reason: 'no more risk today' },
      { kind: 'lock', reason: 'commit until the close' },
      { kind: 'unlock', reason: 'client order needs room', deskHead: { name: 'carol', passphrase: 'correct horse' } },
    ])
    expect(wrapper.find('[data-testid="controls-lock-state"]').exists()).toBe(false)
    expect((el(wrapper, 'rearm-passphrase').element as HTMLInputElement).value).toBe('') // never kept
  })

  it("kill switch: typed confirmation (the book's name, sent for the host to check) and a reason", async () => {
    const { fake, wrapper } = await setup()
    await el(wrapper, 'controls-reason').setValue('runaway losses')
    expect(disabled(wrapper, 'kill-switch')).toBe(true) // nothing typed
    await el(wrapper, 'kill-confirm').setValue('demo')
    expect(el(wrapper, 'kill-mismatch').text()).toContain(BOOK)
    await el(wrapper, 'kill-confirm').setValue(BOOK)
    expect(wrapper.find('[data-testid="kill-mismatch"]').exists()).toBe(false)
    await el(wrapper, 'kill-switch').trigger('click')
    await settle()
    expect(fake.callsOn('controls:override')).toEqual([{ kind: 'kill', reason: 'runaway losses', confirmation: BOOK }])
    expect(el(wrapper, 'controls-kill-state').text()).toContain('KILL SWITCH engaged by trader1')
    expect(disabled(wrapper, 'kill-switch')).toBe(true)
  })

  it('re-arm: desk head only, name and passphrase required; the refusal (code + message) shows next to the control', async () => {
    const killed = controls({ kill: trader('runaway losses'), killedAt: mark(), armed: false, armedReason: 'kill switch engaged' })
    const { fake, wrapper } = await setup(hostHandlers({ rearm: { code: 'unauthenticated', message: 'wrong passphrase for carol' } }), killed)
    await el(wrapper, 'controls-reason').setValue('losses contained')
    expect(disabled(wrapper, 'controls-rearm')).toBe(true) // no desk head yet
    await el(wrapper, 'rearm-name').setValue('carol')
    await el(wrapper, 'rearm-passphrase').setValue('guess')
    await el(wrapper, 'controls-rearm').trigger('click')
    await settle()
    expect(fake.callsOn('controls:override')).toEqual([{ kind: 'rearm', reason: 'losses contained', deskHead: { name: 'carol', passphrase: 'guess' } }])
    const error = el(wrapper, 'controls-error-rearm')
    expect(error.attributes('data-code')).toBe('unauthenticated')
    expect(error.text()).toBe('wrong passphrase for carol (unauthenticated)')
    expect(el(wrapper, 'controls-kill-state').text()).toContain('KILL SWITCH engaged')
  })

  it('a refused kill (cooling_off, forbidden, a mismatched name) is shown plainly next to the kill switch', async () => {
    const { wrapper } = await setup(hostHandlers({ kill: { code: 'confirmation_mismatch', message: 'type the book name demo-book to confirm' } }))
    await el(wrapper, 'controls-reason').setValue('testing the switch')
    await el(wrapper, 'kill-confirm').setValue('demo-bok')
    await el(wrapper, 'kill-switch').trigger('click')
    await settle()
    expect(el(wrapper, 'controls-error-kill').text()).toBe('type the book name demo-book to confirm (confirmation_mismatch)')
    expect(wrapper.find('[data-testid="controls-kill-state"]').exists()).toBe(false)
  })

  it('a whole-request refusal reads without the transport\'s "(root)" path; the status line names the override in words', async () => {
    const { wrapper } = await setup(hostHandlers({ lock: { code: 'invalid_request', message: '(root): a lock is already in force' } }))
    await el(wrapper, 'controls-reason').setValue('commit until the close')
    await el(wrapper, 'controls-lock').trigger('click')
    await settle()
    expect(el(wrapper, 'controls-error-mode').text()).toBe('a lock is already in force (invalid_request)')
    expect(useConnectionStore().lastError).toBe('commitment lock: a lock is already in force (invalid_request)')
  })

  it('every request the panel sends parses with the contract', async () => {
    const { fake, wrapper } = await setup()
    await el(wrapper, 'controls-reason').setValue('check the contract')
    await el(wrapper, 'controls-pause').trigger('click')
    await settle()
    await el(wrapper, 'controls-reason').setValue('check the contract')
    await el(wrapper, 'kill-confirm').setValue(BOOK)
    await el(wrapper, 'kill-switch').trigger('click')
    await settle()
    const sent = fake.callsOn('controls:override')
    expect(sent).toHaveLength(2)
    for (const req of sent) expect(invokeSchemas['controls:override'].req.safeParse(req).success).toBe(true)
  })
})

describe('controls store', () => {
  it('refuses a kill without confirmation, a pause without a period, a re-arm without a desk head: no call', async () => {
    const fake = createFakeDesk(hostHandlers())
    piniaWith(fake)
    const store = useControlsStore()
    const codes = [
      await store.override({ kind: 'kill', reason: 'stop it now' }),
      await store.override({ kind: 'pause', reason: 'hold on' }),
      await store.override({ kind: 'rearm', reason: 'all clear', deskHead: { name: 'carol', passphrase: '' } }),
      await store.override({ kind: 'lock', reason: 'x' }),
    ].map((r) => (r.ok ? null : r.error.code))
    expect(codes).toEqual(['confirmation_required', 'invalid_span', 'unauthenticated', 'invalid_reason'])
    expect(fake.callsOn('controls:override')).toEqual([])
    expect(store.errors.kill?.code).toBe('confirmation_required')
  })

  it("takes snapshot.controls and 'controls:updated' pushes", async () => {
    const fake = createFakeDesk({}, snapshot({ controls: controls({ reduceOnly: { ...trader('set before'), span: null } }) }))
    const pinia = piniaWith(fake)
    connectDesk(pinia, fake.api)
    await settle()
    const store = useControlsStore()
    expect(store.controls?.reduceOnly?.reason).toBe('set before')
    fake.emit('controls:updated', controls({ kill: trader('desk head killed it'), killedAt: mark(), armed: false, armedReason: 'kill switch engaged' }))
    expect(store.controls?.kill?.reason).toBe('desk head killed it')
    expect(store.controls?.armed).toBe(false)
  })
})
