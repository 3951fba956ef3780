/**
 * Impartiality (ISO/IEC 17065 4.2, GB/T 27065): a person who consulted for a client or was employed by it
 * must not evaluate, review or decide for that client within two years after the relationship ended.
 */

export const IMPARTIALITY_RELATIONSHIPS = ['consulting', 'employment', 'other'] as const;
export type ImpartialityRelationship = (typeof IMPARTIALITY_RELATIONSHIPS)[number];

export interface ImpartialityDeclaration {
  clientId: string | null;
  relationship: ImpartialityRelationship;
  /** ISO dates; an open relationship has no end. */
  startedOn: string;
  endedOn: string | null;
}

export interface ImpartialityCheck {
  blocked: boolean;
  /** The last day the person is blocked (ISO date), or null when blocked indefinitely (ongoing) or not at all. */
  blockedUntil: string | null;
  ongoing: boolean;
  /** Indexes of the declarations that block. */
  reasons: number[];
}

function addYears(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y + years, m - 1, d));
  // 29 February + n years → 28 February.
  if (t.getUTCMonth() !== m - 1) t.setUTCDate(0);
  return t.toISOString().slice(0, 10);
}

/**
 * Whether declarations block a person from working for `clientId` on `on`: a relationship with that client
 * that is ongoing, or that ended less than `years` (default 2) before `on`.
 */
export function checkImpartiality(
  declarations: readonly ImpartialityDeclaration[],
  clientId: string,
  on: string,
  years = 2,
): ImpartialityCheck {
  const reasons: number[] = [];
  let ongoing = false;
  let until: string | null = null;
  declarations.forEach((dcl, i) => {
    if (dcl.clientId !== clientId || dcl.startedOn > on) return;
    if (!dcl.endedOn) {
      ongoing = true;
      reasons.push(i);
      return;
    }
    const last = addYears(dcl.endedOn, years);
    if (last >= on) {
      reasons.push(i);
      if (!until || last > until) until = last;
    }
  });
  return { blocked: reasons.length > 0, blockedUntil: ongoing ? null : until, ongoing, reasons };
}
