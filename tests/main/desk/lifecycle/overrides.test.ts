import { describe, expect, it } from 'vitest'
import type { DeskTime } from '../../../../src-main/desk/lifecycle/desk-time'
import {
  applyOverride,
  automationArmed,
  checkChange,
  expireOverrides,
  initialControls,
  mayDecide,
  OverrideError,
  refusal,
  type ControlState,
  type OverrideRequest,
} from '../../../../src-main/desk/overrides'
import type { Actor } from '../../../../src-main/desk/roles'
import { fakeClock } from './fake-time'

const trader: Actor = { name: 'ann', role: 'trader', verified: false }
const head: Actor = { name: 'dora', role: 'desk-head', verified: true }
const headNoPass: Actor = { ...head, verified: false }
const BOOK = 'demo-desk'
const cfg = { maxPause: { updates: 10, ms: 3_600_000 }, rearmCoolingOff: { updates: 1, ms: 60_000 } }
const span = { updates: 3, ms: 600_000 }

function run(s: ControlState, req: OverrideRequest, now: DeskTime): ControlState {
  return applyOverride(s, req, now, cfg).state
}
function code(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof OverrideError) return e.code
    throw e
  }
  return 'ok'
}

describe('overrides: a reason for every override, a checked passphrase for every desk-head act', () => {
  const { clock } = fakeClock('replay')
  const s0 = initialControls(BOOK)
  const requests: OverrideRequest[] = [
    { kind: 'pause', actor: trader, reason: '', span },
    { kind: 'kill', actor: trader, reason: ' ', confirmation: BOOK },
    { kind: 'reduce-only', actor: trader, reason: 'no', span: null },
    { kind: 'lock', actor: trader, reason: '\t\n', },
  ]
  it.each(requests.map((r) => [r.kind, r] as const))('%s without a reason is refused', (_k, r) => {
    expect(code(() => applyOverride(s0, r, clock.now(), cfg))).toBe('reason_required')
  })
  it('a desk head without the passphrase checked is refused, whatever the act', () => {
    expect(code(() => applyOverride(s0, { kind: 'pause', actor: headNoPass, reason: 'lunch break', span }, clock.now(), cfg))).toBe('unauthenticated')
    expect(code(() => mayDecide(s0, headNoPass, 'approve', 'looks right'))).toBe('unauthenticated')
    expect(code(() => mayDecide(s0, trader, 'approve', 'looks right'))).toBe('ok')
    expect(code(() => mayDecide(s0, trader, 'reject', ''))).toBe('reason_required')
  })
})

describe('overrides: pause and resume; automation re-arms by itself', () => {
  it('pause for a period (at most maxPause), resume early, or expire on its own', () => {
    const { clock, advance } = fakeClock('live')
    const s0 = initialControls(BOOK)
    expect(code(() => applyOverride(s0, { kind: 'pause', actor: trader, reason: 'news due', span: { updates: 1, ms: 2 * 3_600_000 } }, clock.now(), cfg))).toBe('invalid')
    expect(code(() => applyOverride(s0, { kind: 'pause', actor: trader, reason: 'news due', span: { updates: 0, ms: 0 } }, clock.now(), cfg))).toBe('invalid')
    const { state: p, event } = applyOverride(s0, { kind: 'pause', actor: trader, reason: 'news due', span }, clock.now(), cfg)
    expect(event).toMatchObject({ type: 'override.paused', actor: 'ann', role: 'trader', reason: 'news due', book: BOOK })
    expect(automationArmed(p)).toMatchObject({ armed: false, reason: expect.stringContaining('paused by ann') })
    expect(code(() => applyOverride(p, { kind: 'pause', actor: trader, reason: 'again', span }, clock.now(), cfg))).toBe('illegal')
    expect(run(p, { kind: 'resume', actor: trader, reason: 'news out' }, clock.now()).pause).toBeNull()
    expect(code(() => applyOverride(s0, { kind: 'resume', actor: trader, reason: 'news out' }, clock.now(), cfg))).toBe('illegal')
    advance(599_999)
    expect(expireOverrides(p, clock.now()).events).toEqual([])
    advance(1)
    const ex = expireOverrides(p, clock.now())
    expect(ex.events[0]).toMatchObject({ type: 'override.expired', what: 'pause', actor: 'desk' })
    expect(automationArmed(ex.state).armed).toBe(true)
  })
  it('replay: the pause counts market updates', () => {
    const { clock } = fakeClock('replay')
    const p = run(initialControls(BOOK), { kind: 'pause', actor: trader, reason: 'news due', span }, clock.now())
    clock.update('2020-03-03')
    clock.update('2020-03-04')
    expect(expireOverrides(p, clock.now()).state.pause).not.toBeNull()
    clock.update('2020-03-05')
    expect(expireOverrides(p, clock.now()).state.pause).toBeNull()
  })
})

describe('overrides: kill switch and re-arm', () => {
  it('needs the book name typed exactly; blocks automation and every growing trade; never expires', () => {
    const { clock, advance } = fakeClock('live')
    const s0 = initialControls(BOOK)
    for (const typed of ['', 'yes', 'Demo-Desk', 'demo-desk ']) {
      expect(code(() => applyOverride(s0, { kind: 'kill', actor: trader, reason: 'runaway losses', confirmation: typed }, clock.now(), cfg))).toBe('confirmation_mismatch')
    }
    const k = applyOverride(s0, { kind: 'kill', actor: trader, reason: 'runaway losses', confirmation: BOOK }, clock.now(), cfg)
    expect(k.event).toMatchObject({ type: 'override.killed', actor: 'ann' })
    expect(automationArmed(k.state).armed).toBe(false)
    expect(code(() => mayDecide(k.state, trader, 'approve', 'go ahead'))).toBe('illegal')
    expect(code(() => mayDecide(k.state, trader, 'reject', 'not now'))).toBe('ok')
    expect(checkChange(k.state, { legs: [{ symbol: 'MSFT', fromQuantity: 8000, toQuantity: 0 }], varBefore: 1, varAfter: 0.5 }).allowed).toBe(true)
    expect(checkChange(k.state, { legs: [{ symbol: 'SPY', fromQuantity: -3000, toQuantity: -9000 }], varBefore: 1, varAfter: 0.5 })).toMatchObject({ allowed: false, reason: expect.stringContaining('SPY would grow') })
    advance(1e10)
    expect(expireOverrides(k.state, clock.now()).state.kill).not.toBeNull()
  })
  it('re-arm: desk head only, with the passphrase, after the cooling-off period (which a desk head cannot shorten)', () => {
    const { clock, advance } = fakeClock('live')
    const k = run(initialControls(BOOK), { kind: 'kill', actor: trader, reason: 'runaway losses', confirmation: BOOK }, clock.now())
    const rearm = (a: Actor) => applyOverride(k, { kind: 'rearm', actor: a, reason: 'book flat, reviewed' }, clock.now(), cfg)
    expect(code(() => rearm(trader))).toBe('forbidden')
    expect(code(() => rearm(headNoPass))).toBe('unauthenticated')
    expect(code(() => rearm(head))).toBe('cooling_off')
    advance(60_000)
    const r = rearm(head)
    expect(r.event).toMatchObject({ type: 'override.rearmed', actor: 'dora', role: 'desk-head' })
    expect(automationArmed(r.state).armed).toBe(true)
    expect(code(() => applyOverride(r.state, { kind: 'rearm', actor: head, reason: 'again please' }, clock.now(), cfg))).toBe('illegal')
    expect(code(() => applyOverride(k, { kind: 'kill', actor: head, reason: 'twice', confirmation: BOOK }, clock.now(), cfg))).toBe('illegal')
  })
})

describe('overrides: reduce-only and the commitment lock', () => {
  const up = { legs: [{ symbol: 'MSFT', fromQuantity: 8000, toQuantity: 9000 }], varBefore: 300_000, varAfter: 310_000 }
  const hedge = { legs: [{ symbol: 'SPY', fromQuantity: -3000, toQuantity: -30000 }], varBefore: 300_000, varAfter: 80_000 }
  const down = { legs: [{ symbol: 'MSFT', fromQuantity: 8000, toQuantity: 7000 }], varBefore: 300_000, varAfter: 290_000 }
  it('reduce-only refuses every change that raises VaR, with the reason; a hedge that lowers VaR passes', () => {
    const { clock } = fakeClock('replay')
    const s = run(initialControls(BOOK), { kind: 'reduce-only', actor: trader, reason: 'drawdown limit near', span: null }, clock.now())
    expect(checkChange(s, up)).toEqual({ allowed: false, code: 'risk_increasing', reason: 'reduce-only mode (set by ann: drawdown limit near): the trade would raise VaR from 300,000 to 310,000' })
    expect(checkChange(s, hedge).allowed).toBe(true)
    expect(checkChange(s, down).allowed).toBe(true)
    // VaR after unknown: a growing leg is refused, a shrinking one passes
    expect(checkChange(s, { ...up, varAfter: null })).toMatchObject({ allowed: false, reason: expect.stringContaining('cannot be computed') })
    expect(checkChange(s, { ...down, varAfter: null }).allowed).toBe(true)
    expect(checkChange(initialControls(BOOK), up).allowed).toBe(true)
  })
  it('reduce-only set by a desk head is lifted only by a desk head; a trader lifts a trader\'s; a period expires it', () => {
    const { clock } = fakeClock('replay')
    const byHead = run(initialControls(BOOK), { kind: 'reduce-only', actor: head, reason: 'risk committee', span: null }, clock.now())
    expect(code(() => applyOverride(byHead, { kind: 'lift-reduce-only', actor: trader, reason: 'risk is down' }, clock.now(), cfg))).toBe('forbidden')
    expect(run(byHead, { kind: 'lift-reduce-only', actor: head, reason: 'risk is down' }, clock.now()).reduceOnly).toBeNull()
    const byTrader = run(initialControls(BOOK), { kind: 'reduce-only', actor: trader, reason: 'my call', span: { updates: 1, ms: 1000 } }, clock.now())
    expect(run(byTrader, { kind: 'lift-reduce-only', actor: trader, reason: 'changed my mind' }, clock.now()).reduceOnly).toBeNull()
    expect(code(() => applyOverride(byTrader, { kind: 'reduce-only', actor: trader, reason: 'twice over', span: null }, clock.now(), cfg))).toBe('illegal')
    clock.update('2020-03-03')
    expect(expireOverrides(byTrader, clock.now()).events[0]).toMatchObject({ what: 'reduce-only' })
    expect(expireOverrides(byHead, clock.now()).events).toEqual([])
  })
  it('commitment lock: no risk increase until the close; only a desk head lifts it early; it ends at the next market date', () => {
    const { clock } = fakeClock('replay')
    const l = applyOverride(initialControls(BOOK), { kind: 'lock', actor: trader, reason: 'promised the PM' }, clock.now(), cfg)
    expect(l.event).toMatchObject({ type: 'override.locked', until: 'close of 2020-03-02' })
    expect(checkChange(l.state, up)).toMatchObject({ allowed: false, reason: expect.stringContaining('commitment lock until the close of 2020-03-02') })
    expect(checkChange(l.state, down).allowed).toBe(true)
    expect(code(() => applyOverride(l.state, { kind: 'unlock', actor: trader, reason: 'need to add' }, clock.now(), cfg))).toBe('forbidden')
    expect(code(() => applyOverride(l.state, { kind: 'unlock', actor: headNoPass, reason: 'approved add' }, clock.now(), cfg))).toBe('unauthenticated')
    expect(run(l.state, { kind: 'unlock', actor: head, reason: 'approved add' }, clock.now()).lock).toBeNull()
    expect(expireOverrides(l.state, clock.update('2020-03-02')).state.lock).not.toBeNull()
    const ex = expireOverrides(l.state, clock.update('2020-03-03'))
    expect(ex.events[0]).toMatchObject({ type: 'override.expired', what: 'lock', reason: 'the market closed on 2020-03-02' })
    expect(ex.state.lock).toBeNull()
  })
  it('a refused request becomes an audit record naming who tried what and why it was refused', () => {
    const { clock } = fakeClock('replay')
    const s = initialControls(BOOK)
    try {
      applyOverride(s, { kind: 'rearm', actor: trader, reason: 'let me trade' }, clock.now(), cfg)
    } catch (e) {
      expect(refusal(s, trader, 'rearm', 'let me trade', e as OverrideError, clock.now())).toEqual({
        book: BOOK, actor: 'ann', role: 'trader', reason: 'let me trade', marketDate: '2020-03-02', type: 'override.refused', kind: 'rearm', code: 'forbidden', message: 'only a desk head may re-arm after the kill switch',
      })
    }
    expect.assertions(1)
  })
})
