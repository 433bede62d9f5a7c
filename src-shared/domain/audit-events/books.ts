import { z } from 'zod'
import { deskEvent } from './envelope'

/** Saved books. */
export const bookEvents = {
  'book.saved': deskEvent({ fileName: z.string(), positions: z.array(z.object({ symbol: z.string(), quantity: z.number() }).loose()), rows: z.number().int() }),
} as const
