import { z } from 'zod'

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/)

/**
 * Payload of `audit.checkpoint`, appended by the audit layer itself (src-main/audit/checkpoint.ts), not by a desk
 * session, so it has no session envelope:
 * - covered: the head signed, always the row right before the checkpoint (seq = checkpoint seq - 1);
 * - installationId, keyId: whose key signed (src-main/audit/installation.ts);
 * - signature: base64 Ed25519 signature of `headMessage(installationId, covered)`;
 * - reason: `interval` (every N events) or `session-end` (the frame held `session.ended`).
 */
export const CheckpointPayloadSchema = z
  .object({
    covered: z.object({ seq: z.number().int().nonnegative(), hash: Hex64 }).strict(),
    installationId: z.uuid(),
    keyId: Hex64,
    signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a base64 Ed25519 signature (64 bytes)'),
    reason: z.enum(['interval', 'session-end']),
  })
  .strict()
export type CheckpointPayload = z.infer<typeof CheckpointPayloadSchema>

/** Signed checkpoints of the chain. */
export const checkpointEvents = {
  'audit.checkpoint': CheckpointPayloadSchema,
} as const
