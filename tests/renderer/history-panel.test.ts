import { flushPromises, mount } from '@vue/test-utils'
import Papa from 'papaparse'
import { afterEach, describe, expect, it } from 'vitest'
import type { InvokeRequest, InvokeResponse, Result } from '@shared/api/contract'
import { HISTORY_COLUMNS } from '@shared/domain/alert-history-view'
import HistoryPanel from '../../src-renderer/src/components/HistoryPanel.vue'
import { useHistoryStore } from '../../src-renderer/src/stores/history'
import { historyCsv } from '../../src-renderer/src/util/history-csv'
import { createFakeDesk, piniaWith, type Handlers } from './helpers/fake-desk'
import { historyRow } from './helpers/history-row'

const row = historyRow

const VETOED = row(3, '2020-03-13', {
  actions: [
    {
      id: 'X1',
      proposedAt: '2026-03-02T10:03:30.000Z',
      marketDate: '2020-03-13',
      kind: 'reduce',
      policy: 'propose',
      method: 'least-turnover',
      trades: [{ symbol: 'SPY', fromQuantity: 400, toQuantity: 300 }],
      turnover: 30_000,
      varBefore: 350_000,
      varLimit: 310_000,
      varAfterPreview: 290_000,
      varAfter: null,
      executedDate: null,
      withinLimit: null,
      state: 'rejected',
      decisions: [
        { seq: 4, decision: 'proposed', actor: 'system', wallTime: '2026-03-02T10:03:30.000Z', marketDate: '2020-03-13', reason: null, detail: null },
        { seq: 5, decision: 'rejected', actor: 'alice', wallTime: '2026-03-02T10:04:00.000Z', marketDate: '2020-03-13', reason: 'Index hedge already working at the close', detail: null },
      ],
    },
  ],
  overrides: [
    { seq: 5, kind: 'action.rejected', actor: 'alice', role: 'trader', wallTime: '2026-03-02T10:04:00.000Z', marketDate: '2020-03-13', reason: 'Index hedge already working at the close', actionId: 'X1', varLimitBefore: null, varLimitAfter: null, detail: null },
  ],
})
const ROWS = [row(1, '2020-03-11'), row(2, '2020-03-12', { severity: 'CRITICAL' }), VETOED]

function setup(extra: Handlers = {}) {
  const handlers: Handlers = {
    'history:query': (req: InvokeRequest<'history:query'>): Result<InvokeResponse<'history:query'>> => ({
      ok: true,
      value: { alerts: ROWS.filter((r) => (req.marketFrom === undefined || r.marketDate! >= req.marketFrom) && (req.marketTo === undefined || r.marketDate! <= req.marketTo)), next: null },
    }),
    'history:timeline': (): Result<InvokeResponse<'history:timeline'>> => ({
      ok: true,
      value: ROWS.map((r) => ({ marketDate: r.marketDate!, severity: r.severity, count: 1 })),
    }),
    'history:exportXlsx': (): Result<InvokeResponse<'history:exportXlsx'>> => ({ ok: true, value: { fileName: 'alert-history-all-all.xlsx', base64: btoa('PK fake') } }),
    'history:status': (): Result<InvokeResponse<'history:status'>> => ({
      ok: true,
      value: { ok: true, rows: 40, headSeq: 40, headHash: 'ab'.repeat(32), problem: null, installationId: null, lastCheckpoint: { seq: 40, coveredSeq: 39, coveredHash: 'cd'.repeat(32), keyId: 'ef'.repeat(32), ts: '2026-03-02T10:09:00.000Z' }, checkedAt: '2026-03-02T10:10:00.000Z' },
    }),
    ...extra,
  }
  const fake = createFakeDesk(handlers)
  const pinia = piniaWith(fake)
  const wrapper = mount(HistoryPanel, { global: { plugins: [pinia] }, attachTo: document.body })
  return { fake, wrapper }
}

let unmount: (() => void) | null = null
afterEach(() => unmount?.())

describe('HistoryPanel', () => {
  it('shows the verification status with the last signed checkpoint, one row per alert, and the timeline', async () => {
    const { wrapper } = setup()
    unmount = () => wrapper.unmount()
    await flushPromises()
    expect(wrapper.get('[data-testid=history-status]').attributes('data-ok')).toBe('true')
    expect(wrapper.get('[data-testid=history-last-anchor]').text()).toContain('seq 39 cdcdcdcdcdcd')
    expect(wrapper.findAll('[data-testid=history-row]').map((r) => r.attributes('data-alert-id'))).toEqual(['A1', 'A2', 'A3'])
    expect(wrapper.findAll('.history-day').map((d) => d.attributes('data-date'))).toEqual(['2020-03-11', '2020-03-12', '2020-03-13'])
  })

  it('filters by market date (and by a click on a day), drills into an alert with its overrides and reasons', async () => {
    const { fake, wrapper } = setup()
    unmount = () => wrapper.unmount()
    await flushPromises()
    await wrapper.get('[data-testid=history-from]').setValue('2020-03-12')
    await flushPromises()
    expect(fake.callsOn('history:query').at(-1)).toMatchObject({ marketFrom: '2020-03-12' })
    expect(wrapper.findAll('[data-testid=history-row]')).toHaveLength(2)
    await wrapper.get('.history-day[data-date="2020-03-13"]').trigger('click')
    await flushPromises()
    expect(fake.callsOn('history:query').at(-1)).toMatchObject({ marketFrom: '2020-03-13', marketTo: '2020-03-13' })
    await wrapper.get('[data-testid=history-row][data-alert-id=A3]').trigger('click')
    const detail = wrapper.get('[data-testid=history-detail]')
    expect(detail.findAll('[data-testid=history-override-reason]').map((r) => r.text())).toEqual(['Index hedge already working at the close'])
    expect(detail.get('[data-testid=history-action]').text()).toContain('rejected by alice')
  })

  it('exports the filtered set as flat CSV: the documented columns, one line per alert, no JSON', async () => {
    const { wrapper } = setup()
    unmount = () => wrapper.unmount()
    await flushPromises()
    const csv = await useHistoryStore().exportCsv()
    expect(csv).toBe(historyCsv(ROWS))
    const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true })
    expect(parsed.meta.fields).toEqual([...HISTORY_COLUMNS])
    expect(parsed.data.map((r) => [r.alert_id, r.decision, r.override_reasons])).toEqual([
      ['A1', '', ''],
      ['A2', '', ''],
      ['A3', 'rejected', 'Index hedge already working at the close'],
    ])
  })

  it('asks the host for the XLSX of the current filter and decodes its bytes', async () => {
    const { fake, wrapper } = setup()
    unmount = () => wrapper.unmount()
    await flushPromises()
    await wrapper.get('[data-testid=history-severity]').setValue('CRITICAL')
    await flushPromises()
    const file = await useHistoryStore().exportXlsx()
    expect(fake.callsOn('history:exportXlsx').at(-1)).toEqual({ severity: 'CRITICAL' })
    expect(file?.fileName).toBe('alert-history-all-all.xlsx')
    expect(new TextDecoder().decode(file!.bytes)).toBe('PK fake')
  })

  it('on the local trail the workstation filter is disabled, says why, and no request carries a workstation', async () => {
    const { fake, wrapper } = setup({ 'history:source': () => ({ ok: true, value: { deskWide: false, workstations: [] } }) })
    unmount = () => wrapper.unmount()
    await flushPromises()
    const select = wrapper.get('[data-testid=history-workstation]')
    expect(select.attributes('disabled')).toBeDefined()
    expect(wrapper.get('[data-testid=history-workstation-note]').text()).toContain('this desk reads its own trail')
    expect(wrapper.findAll('th').map((h) => h.text())).not.toContain('Workstation')
    await wrapper.get('[data-testid=history-severity]').setValue('HIGH')
    await flushPromises()
    expect(fake.callsOn('history:query').every((q) => !Object.hasOwn(q as object, 'workstation'))).toBe(true)
  })

  it('desk-wide: lists the workstations, shows their column, and asks for one picked workstation by installation id', async () => {
    const ALICE = '11111111-1111-4111-8111-111111111111'
    const BOB = '22222222-2222-4222-8222-222222222222'
    const deskRows = [row(1, '2020-03-11', { workstation: "ws_alice's desk" }), row(1, '2020-03-11', { workstation: "ws_bob's desk", actor: 'bob' })]
    const { fake, wrapper } = setup({
      'history:source': () => ({ ok: true, value: { deskWide: true, workstations: [{ installationId: ALICE, name: "ws_alice's desk" }, { installationId: BOB, name: "ws_bob's desk" }] } }),
      'history:query': (req) => ({ ok: true, value: { alerts: deskRows.filter((r) => req.workstation === undefined || (req.workstation === BOB) === (r.actor === 'bob')), next: null } }),
    })
    unmount = () => wrapper.unmount()
    await flushPromises()
    const select = wrapper.get('[data-testid=history-workstation]')
    expect(select.attributes('disabled')).toBeUndefined()
    expect(wrapper.find('[data-testid=history-workstation-note]').exists()).toBe(false)
    expect(select.findAll('option').map((o) => [o.attributes('value'), o.text()])).toEqual([
      ['', 'all workstations'],
      [ALICE, "ws_alice's desk"],
      [BOB, "ws_bob's desk"],
    ])
    expect(wrapper.findAll('th').map((h) => h.text())).toContain('Workstation')
    expect(wrapper.findAll('[data-testid=history-row]')).toHaveLength(2)
    await select.setValue(BOB)
    await flushPromises()
    expect(fake.callsOn('history:query').at(-1)).toMatchObject({ workstation: BOB })
    expect(fake.callsOn('history:timeline').at(-1)).toMatchObject({ workstation: BOB })
    expect(wrapper.findAll('[data-testid=history-row]').map((r) => r.attributes('data-workstation'))).toEqual(["ws_bob's desk"])
    await select.setValue('')
    await flushPromises()
    expect(Object.hasOwn(fake.callsOn('history:query').at(-1) as object, 'workstation')).toBe(false)
    expect(wrapper.findAll('[data-testid=history-row]')).toHaveLength(2)
  })
})
