import { randomUUID } from 'node:crypto';
import type { Executor } from '../../db/database.ts';
import type { SurveyCampaignsTable } from '../../db/schema.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  quotaAllows,
  responseCsi,
  responseNps,
  storedSubmittedAt,
  validateAnswers,
  type Answers,
  type QuestionnaireContent,
  type RawAnswers,
} from '../../domain/surveys/index.ts';
import { sha256 } from './surveys.service.ts';

type CampaignRow = { [K in keyof SurveyCampaignsTable]: SurveyCampaignsTable[K] };

/** What a public link opens: the whole campaign (open link), one outlet (poster) or one invitation. */
export interface LinkTarget {
  kind: 'open' | 'poster' | 'personal';
  campaign: CampaignRow;
  /** Fixed outlet for posters and personal links; null for the open link (the respondent picks). */
  siteId: string | null;
  invitation: { id: string; expiresAt: string; usedOn: string | null } | null;
}

export async function resolveLink(db: Executor, token: string): Promise<LinkTarget | null> {
  if (!/^[opi][A-Za-z0-9_-]{32}$/.test(token)) return null;
  if (token[0] === 'o') {
    const campaign = await db
      .selectFrom('surveyCampaigns')
      .selectAll()
      .where('openToken', '=', token)
      .executeTakeFirst();
    return campaign ? { kind: 'open', campaign, siteId: null, invitation: null } : null;
  }
  if (token[0] === 'p') {
    const o = await db
      .selectFrom('surveyCampaignOutlets')
      .select(['campaignId', 'siteId'])
      .where('posterToken', '=', token)
      .executeTakeFirst();
    if (!o) return null;
    const campaign = await db
      .selectFrom('surveyCampaigns')
      .selectAll()
      .where('id', '=', o.campaignId)
      .executeTakeFirstOrThrow();
    return { kind: 'poster', campaign, siteId: o.siteId, invitation: null };
  }
  const inv = await db
    .selectFrom('surveyInvitations')
    .select(['id', 'campaignId', 'siteId', 'expiresAt', 'usedOn'])
    .where('tokenHash', '=', sha256(token))
    .executeTakeFirst();
  if (!inv) return null;
  const campaign = await db
    .selectFrom('surveyCampaigns')
    .selectAll()
    .where('id', '=', inv.campaignId)
    .executeTakeFirstOrThrow();
  return { kind: 'personal', campaign, siteId: inv.siteId, invitation: inv };
}

/** Why a link cannot take an answer now, or null when it can. */
export function linkProblem(
  target: LinkTarget,
  now: string,
): 'not_open' | 'closed' | 'used' | 'expired' | null {
  if (target.campaign.state === 'draft') return 'not_open';
  if (target.campaign.state === 'closed') return 'closed';
  if (target.invitation?.usedOn) return 'used';
  if (target.invitation && target.invitation.expiresAt <= now) return 'expired';
  return null;
}

export interface Submission {
  siteId: string;
  channel: 'open' | 'poster' | 'personal' | 'phone' | 'import';
  invitationId?: string | null;
  interviewerId?: string | null;
  importBatch?: string | null;
  raw: RawAnswers;
}

export const surveyRefusal = (code: string, message: string, details: Record<string, unknown> = {}) =>
  new DomainError(code, message, { details });

/** The answer rows and response row of one validated submission (shared by single entry and import). */
export function responseRows(
  campaign: CampaignRow,
  q: QuestionnaireContent,
  s: Omit<Submission, 'raw'>,
  answers: Answers,
  instant: string,
  id: string = randomUUID(),
) {
  const anonymous = campaign.anonymity === 'anonymous';
  return {
    response: {
      id,
      cbId: campaign.cbId,
      campaignId: campaign.id,
      siteId: s.siteId,
      channel: s.channel,
      // Anonymous: no link to the invitation or the interviewer, the day only.
      invitationId: anonymous ? null : (s.invitationId ?? null),
      interviewerId: anonymous ? null : (s.interviewerId ?? null),
      importBatch: s.importBatch ?? null,
      submittedAt: storedSubmittedAt(campaign.anonymity, instant),
      csi: responseCsi(q, answers),
      nps: responseNps(q, answers),
    },
    answers: Object.entries(answers).map(([questionId, v]) => ({
      responseId: id,
      questionId,
      value: JSON.stringify(v),
    })),
  };
}

/**
 * Stores one response inside the caller's transaction: the outlet must be in the campaign, the answers
 * valid for the pinned version, the quota open when the campaign caps at quota, and a personal link
 * unused and unexpired (spent in the same transaction, so it answers once even when sent twice at once).
 * @throws DomainError `unknown_outlet`, `answers_invalid`, `quota_reached`, `link_used`, `link_expired`
 */
export async function storeResponse(
  db: Executor,
  campaign: CampaignRow,
  q: QuestionnaireContent,
  s: Submission,
  instant: string,
) {
  if (campaign.state !== 'live')
    throw surveyRefusal('campaign_not_live', 'The campaign is not collecting responses');
  const outlet = await db
    .selectFrom('surveyCampaignOutlets')
    .select(['quota'])
    .where('campaignId', '=', campaign.id)
    .where('siteId', '=', s.siteId)
    .executeTakeFirst();
  if (!outlet)
    throw surveyRefusal('unknown_outlet', 'This outlet is not in the campaign', { path: 'siteId' });
  const answers = validateAnswers(q, s.raw);
  if (campaign.capAtQuota === 1) {
    const n = await db
      .selectFrom('surveyResponses')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('campaignId', '=', campaign.id)
      .where('siteId', '=', s.siteId)
      .executeTakeFirstOrThrow();
    if (!quotaAllows(Number(n.n), outlet.quota, true))
      throw surveyRefusal('quota_reached', 'This outlet has all the responses it needs', {
        quota: outlet.quota,
      });
  }
  if (s.invitationId) {
    const spent = await db
      .updateTable('surveyInvitations')
      .set({ usedOn: instant.slice(0, 10) })
      .where('id', '=', s.invitationId)
      .where('usedOn', 'is', null)
      .where('expiresAt', '>', instant)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) {
      const inv = await db
        .selectFrom('surveyInvitations')
        .select(['usedOn'])
        .where('id', '=', s.invitationId)
        .executeTakeFirst();
      throw inv?.usedOn
        ? surveyRefusal('link_used', 'This personal link has already been used')
        : surveyRefusal('link_expired', 'This personal link has expired');
    }
  }
  const rows = responseRows(campaign, q, s, answers, instant);
  await db.insertInto('surveyResponses').values(rows.response).execute();
  if (rows.answers.length) await db.insertInto('surveyAnswers').values(rows.answers).execute();
  return rows.response;
}
