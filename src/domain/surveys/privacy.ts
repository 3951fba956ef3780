/**
 * Anonymity rules of a campaign. Anonymous: the response keeps no address, no invitation, no interviewer
 * and only the day it came in; identified: the response may name its invitation and the exact instant.
 * The mode is fixed when the campaign is launched.
 */
export type AnonymityMode = 'anonymous' | 'identified';

/** The stored timestamp of a response: the day (00:00 UTC) for anonymous campaigns, the instant otherwise. */
export function storedSubmittedAt(mode: AnonymityMode, instant: string): string {
  return mode === 'anonymous' ? `${instant.slice(0, 10)}T00:00:00.000Z` : instant;
}

export function canChangeAnonymity(state: 'draft' | 'live' | 'closed'): boolean {
  return state === 'draft';
}
