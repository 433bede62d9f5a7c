import { parseBookText } from '../../books/book-parser'
import type { Handlers, HostContext } from './handler-context'

/** Saved books: list, open (a fresh desk session), import with the per-row validation report. */
export function bookHandlers(ctx: HostContext): Handlers<'book:list' | 'book:open' | 'book:import'> {
  return {
    'book:list': () => ctx.books.list().map((b) => ({ name: b.name, positions: b.positionCount, savedAt: b.updatedAt })),
    'book:open': ({ name }) => {
      const saved = ctx.books.get(name)
      if (!saved) throw new Error(`no saved book named ${name}`)
      return ctx.open({ name: saved.name, positions: saved.positions }, saved.limits ?? ctx.session().limits)
    },
    'book:import': ({ fileName, content, save }, actor) => {
      const result = parseBookText(content, { file: fileName, knownSymbols: new Set(ctx.market.store.symbols()) })
      const name = fileName.replace(/^.*[\\/]/, '').replace(/\.(csv|json)$/i, '')
      const canSave = save && result.rejected === 0 && result.accepted > 0
      if (canSave) {
        const session = ctx.session()
        const existing = ctx.books.get(name)
        // the saved book and its audit event in one transaction: both or neither
        ctx.db.transaction(() => {
          if (existing) ctx.books.update(name, { sourceFile: fileName, positions: result.book.positions })
          else ctx.books.create({ name, sourceFile: fileName, positions: result.book.positions, limits: session.limits })
          ctx.audit.appendMany([
            { type: 'book.saved', actor, book: name, payload: { ...session.envelope(), fileName, positions: result.book.positions, rows: result.rows } },
          ])
        })()
      }
      return { rows: result.rows, accepted: result.accepted, rejected: result.rejected, issues: [...result.issues], saved: canSave, name }
    },
  }
}
