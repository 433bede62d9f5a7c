import { z } from 'zod'
import { isCalendarDate } from './calendar-date'

/** Field schemas shared by the domain types and the desk API contract. */
export const SymbolSchema = z.string().min(1).max(32)
export const IdSchema = z.string().min(1).max(64)
export const ReasonSchema = z.string().trim().min(3, 'a reason of at least 3 characters is required').max(500)
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isCalendarDate, 'not a calendar date')
