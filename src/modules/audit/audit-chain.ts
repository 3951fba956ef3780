import { createHash } from 'node:crypto';

/** The hash of the entry before the first one of a chain. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  cbId: string;
  seq: number;
  occurredAt: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  summary: string;
  requestId: string | null;
}

/**
 * sha256(prevHash ‖ canonical JSON of the entry). Chaining each entry to the previous one makes any
 * edited, removed, inserted or reordered entry visible to `starmark audit verify`.
 */
export function hashEntry(prevHash: string, e: ChainedFields): string {
  const canonical = JSON.stringify([
    e.cbId,
    e.seq,
    e.occurredAt,
    e.actorId,
    e.actorName,
    e.action,
    e.entityType,
    e.entityId,
    e.summary,
    e.requestId,
  ]);
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}
