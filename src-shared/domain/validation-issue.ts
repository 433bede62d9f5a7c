import { z } from 'zod'

/** One problem found in an imported file: where (file, line, field) and what. Mirrors ValidationIssue of book.ts. */
export const ValidationIssueSchema = z.object({
  file: z.string(),
  line: z.number().int(),
  field: z.string(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
})
