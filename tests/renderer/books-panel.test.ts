import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { invokeSchemas, type InvokeResponse } from '@shared/api/contract'
import { LimitsSchema } from '@shared/domain/limits'
import BooksPanel from '../../src-renderer/src/components/BooksPanel.vue'
import { useDeskStore } from '../../src-renderer/src/stores/desk'
import { createFakeDesk, piniaWith } from './helpers/fake-desk'
import { snapshot } from './helpers/fixtures'

const CSV = 'symbol,quantity,cost\nAAPL,100,150\nBAD,abc,1\n'
const REPORT: InvokeResponse<'book:import'> = {
  rows: 2,
  accepted: 1,
  rejected: 1,
  issues: [{ file: 'mine.csv', line: 3, field: 'quantity', message: 'not a number: abc', severity: 'error' }],
  saved: true,
  name: 'mine',
}

function setup() {
  const saved = [{ name: 'demo-book', positions: 12, savedAt: '2024-06-01T00:00:00Z' }]
  const fake = createFakeDesk({
    'book:list': () => ({ ok: true, value: saved }),
    'book:import': () => {
      saved.push({ name: 'mine', positions: 1, savedAt: '2024-06-02T00:00:00Z' })
      return { ok: true, value: REPORT }
    },
    'limits:update': (req) => ({ ok: true, value: LimitsSchema.parse(req.limits) }),
  })
  const pinia = piniaWith(fake)
  useDeskStore().applySnapshot(snapshot(), { discardPending: true })
  return { fake, wrapper: mount(BooksPanel, { global: { plugins: [pinia] } }) }
}

describe('BooksPanel', () => {
  it('lists saved books and opens the selected one', async () => {
    const { fake, wrapper } = setup()
    await flushPromises()
    expect(wrapper.findAll('[data-testid="book-select"] option').map((o) => o.attributes('value'))).toEqual(['demo-book'])
    await wrapper.get('[data-testid="book-open"]').trigger('click')
    await flushPromises()
    expect(fake.callsOn('book:open')).toEqual([{ name: 'demo-book' }])
  })

  it('imports a chosen file by its text and shows the per-row validation report', async () => {
    const { fake, wrapper } = setup()
    const input = wrapper.get('[data-testid="book-import"]')
    const file = new File([CSV], 'mine.csv', { type: 'text/csv' })
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(fake.callsOn('book:import')).toEqual([{ fileName: 'mine.csv', content: CSV, save: true }])
    const issue = wrapper.get('[data-testid="import-issue"]')
    expect(issue.text()).toContain(String(REPORT.issues[0]!.line))
    expect(issue.text()).toContain(REPORT.issues[0]!.field)
    expect(issue.text()).toContain(REPORT.issues[0]!.message)
    expect(wrapper.get('[data-testid="import-report"]').text()).toContain('1 rejected')
    // saved: the list was refreshed
    expect(wrapper.findAll('[data-testid="book-select"] option').map((o) => o.attributes('value'))).toEqual(['demo-book', 'mine'])
  })

  it('refuses a file over the contract size limit without calling the api', async () => {
    const { fake, wrapper } = setup()
    const input = wrapper.get('[data-testid="book-import"]')
    const limit = invokeSchemas['book:import'].req.shape.content.maxLength ?? 0
    expect(limit).toBeGreaterThan(0)
    const file = new File(['x'.repeat(limit + 1)], 'huge.csv', { type: 'text/csv' })
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect(fake.callsOn('book:import')).toEqual([])
    expect(wrapper.get('[data-testid="book-import-error"]').text()).toContain('too large')
  })

  it('edits limits only with a valid reason and valid values', async () => {
    const { fake, wrapper } = setup()
    const save = wrapper.get('[data-testid="limits-save"]')
    await wrapper.get('[data-testid="limit-varLimit"]').setValue('175000')
    expect(save.attributes('disabled')).toBeDefined() // no reason yet
    await wrapper.get('[data-testid="limits-reason"]').setValue('desk head approved')
    expect(save.attributes('disabled')).toBeUndefined()
    await wrapper.get('[data-testid="limit-maxPositionWeight"]').setValue('1.5') // schema: <= 1
    expect(save.attributes('disabled')).toBeDefined()
    expect(wrapper.text()).toContain('maxPositionWeight')
    await wrapper.get('[data-testid="limit-maxPositionWeight"]').setValue('0.3')
    await wrapper.get('[data-testid="limits-form"]').trigger('submit')
    await flushPromises()
    const sent = fake.callsOn('limits:update') as { limits: { varLimit: number; maxPositionWeight: number }; reason: string }[]
    expect(sent).toHaveLength(1)
    expect(sent[0]!.limits.varLimit).toBe(175_000)
    expect(sent[0]!.limits.maxPositionWeight).toBe(0.3)
    expect(sent[0]!.reason).toBe('desk head approved')
    expect(useDeskStore().limits?.varLimit).toBe(175_000)
  })
})
