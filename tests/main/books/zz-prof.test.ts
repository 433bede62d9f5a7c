import { it } from 'vitest'
import Papa from 'papaparse'
import { parseBookText } from '../../../src-main/books/book-parser'
import { LineIndex } from '../../../src-main/books/text-lines'
it('prof', () => {
  const lines = ['symbol,quantity,cost,sector,assetClass']
  for (let i = 0; i < 100000; i++) lines.push(`S${i},${i+1},${i%500+0.25},Tech,equity`)
  const text = lines.join('\n') + '\n'
  for (let k = 0; k < 3; k++) {
    let t = performance.now()
    const li = new LineIndex(text)
    console.log('lineindex', performance.now() - t)
    t = performance.now()
    let s = 0
    Papa.parse<string[]>(text, { delimiter: ',', newline: '\n', header: false, skipEmptyLines: 'greedy', step: (r) => { s += li.lineOf(r.meta.cursor - 1) } })
    console.log('papa+lineOf', performance.now() - t)
    t = performance.now()
    parseBookText(text, { file: 'x.csv' })
    console.log('full', performance.now() - t)
  }
})
