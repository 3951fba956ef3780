import type { Executor } from '../../db/database.ts';
import {
  visitsToExtraSamples,
  type MysteryExtraSample,
  type VisitItemSamples,
} from '../../domain/mystery-visits/index.ts';

/**
 * The approved mystery visits of an evaluation as sample records for the checklist roll-up
 * (RollUpInput.extraSamples): the samples frozen at approval, pooled per item and outlet, each record
 * naming the visits that lost samples. Voided, returned and unreviewed visits never count.
 */
export async function approvedVisitSamples(
  db: Executor,
  cbId: string,
  evaluationId: string,
): Promise<MysteryExtraSample[]> {
  const rows = await db
    .selectFrom('mysteryVisits')
    .select(['number', 'outletCode', 'lockedSamples'])
    .where('cbId', '=', cbId)
    .where('evaluationId', '=', evaluationId)
    .where('state', '=', 'approved')
    .orderBy('number')
    .execute();
  return visitsToExtraSamples(
    rows.map((r) => ({
      ref: `MV-${r.number}`,
      outletCode: r.outletCode,
      samples: JSON.parse(r.lockedSamples ?? '[]') as VisitItemSamples[],
    })),
  );
}
