import { z } from 'zod';
import { Id, Instant } from '../common/common.contract.ts';

/** Questionnaire content: validated by the domain (src/domain/surveys/questionnaire.ts). */
const Content = z.record(z.string(), z.unknown()).describe('QuestionnaireContent (docs/surveys.md)');

export const QuestionnaireCreateBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    /** Start from the built-in after-sales template, or give the content. */
    template: z.enum(['afterSales']).optional(),
    content: Content.optional(),
  })
  .meta({ id: 'SurveyQuestionnaireCreateBody' });

export const QuestionnaireVersionBody = z
  .strictObject({ version: z.number().int().min(1), content: Content })
  .meta({ id: 'SurveyQuestionnaireVersionBody' });

const VersionSummary = z.object({
  id: Id,
  number: z.number().int(),
  contentHash: z.string(),
  createdAt: Instant,
});

export const QuestionnaireResponse = z
  .object({
    id: Id,
    name: z.string(),
    latestNumber: z.number().int(),
    version: z.number().int(),
    createdAt: Instant,
    updatedAt: Instant,
    latest: VersionSummary.extend({ content: Content }),
    versions: z.array(VersionSummary),
  })
  .meta({ id: 'SurveyQuestionnaire' });

export const QuestionnaireListResponse = z.object({
  items: z.array(
    z.object({
      id: Id,
      name: z.string(),
      latestNumber: z.number().int(),
      latestVersionId: Id,
      updatedAt: Instant,
    }),
  ),
});

const OutletInput = z.strictObject({
  siteId: z.string().min(1),
  quota: z.number().int().min(1).max(100_000),
  population: z.number().int().min(1).max(100_000_000).nullable().optional(),
});

export const CampaignCreateBody = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    questionnaireVersionId: Id,
    anonymity: z.enum(['anonymous', 'identified']),
    outlets: z.array(OutletInput).min(1).max(500),
    scoreNode: z.string().min(1).max(100).nullable().optional(),
    minResponses: z.number().int().min(1).max(10_000).optional(),
    targetMargin: z.number().positive().max(50).optional(),
    capAtQuota: z.boolean().optional(),
    linkTtlDays: z.number().int().min(1).max(365).optional(),
  })
  .meta({ id: 'SurveyCampaignCreateBody' });

export const CampaignUpdateBody = z
  .strictObject({
    version: z.number().int().min(1),
    name: z.string().trim().min(1).max(200).optional(),
    anonymity: z.enum(['anonymous', 'identified']).optional(),
    outlets: z.array(OutletInput).min(1).max(500).optional(),
    scoreNode: z.string().min(1).max(100).nullable().optional(),
    minResponses: z.number().int().min(1).max(10_000).optional(),
    targetMargin: z.number().positive().max(50).optional(),
    capAtQuota: z.boolean().optional(),
    linkTtlDays: z.number().int().min(1).max(365).optional(),
  })
  .meta({ id: 'SurveyCampaignUpdateBody' });

const Metrics = z.object({
  responses: z.number().int(),
  quota: z.number().int().nullable(),
  quotaShare: z.number().nullable(),
  remaining: z.number().int().nullable(),
  csi: z.number().nullable(),
  csiSd: z.number().nullable(),
  csiMargin: z.number().nullable(),
  nps: z.number().nullable(),
  npsMargin: z.number().nullable(),
  promoters: z.number().int(),
  passives: z.number().int(),
  detractors: z.number().int(),
  population: z.number().int().nullable(),
  neededForTarget: z.number().int(),
  targetMargin: z.number(),
  lowSample: z.boolean(),
});

export const CampaignResponse = z
  .object({
    id: Id,
    evaluationId: Id,
    name: z.string(),
    state: z.enum(['draft', 'live', 'closed']),
    anonymity: z.enum(['anonymous', 'identified']),
    questionnaire: z.object({
      versionId: Id,
      questionnaireId: Id,
      name: z.string(),
      number: z.number().int(),
      contentHash: z.string(),
    }),
    scoreNode: z.string().nullable(),
    minResponses: z.number().int(),
    targetMargin: z.number(),
    capAtQuota: z.boolean(),
    linkTtlDays: z.number().int(),
    openUrl: z.string(),
    outlets: z.array(
      z.object({
        siteId: z.string(),
        code: z.string(),
        name: z.string(),
        quota: z.number().int(),
        population: z.number().int().nullable(),
        posterUrl: z.string(),
        responses: z.number().int(),
      }),
    ),
    launchedAt: Instant.nullable(),
    closedAt: Instant.nullable(),
    createdAt: Instant,
    updatedAt: Instant,
    version: z.number().int(),
  })
  .meta({ id: 'SurveyCampaign' });

export const CampaignListResponse = z.object({ items: z.array(CampaignResponse) });

export const MetricsResponse = z
  .object({
    campaignId: Id,
    state: z.enum(['draft', 'live', 'closed']),
    overall: Metrics,
    outlets: z.array(Metrics.extend({ siteId: z.string(), code: z.string(), name: z.string() })),
    score: z
      .object({
        node: z.string(),
        method: z.string(),
        value: z.number().nullable(),
        marginOfError: z.number().nullable(),
        responses: z.number().int(),
        checked: z.number().int().optional(),
        conforming: z.number().int().optional(),
      })
      .nullable(),
  })
  .meta({ id: 'SurveyMetrics' });

export const PhoneResponseBody = z
  .strictObject({
    siteId: z.string().min(1),
    answers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  })
  .meta({ id: 'SurveyPhoneResponseBody' });

/** The live campaigns an interviewer can enter phone answers for, with the pinned questionnaire. */
export const InterviewListResponse = z
  .object({
    items: z.array(
      z.object({
        id: Id,
        evaluationId: Id,
        clientName: z.string(),
        name: z.string(),
        anonymity: z.enum(['anonymous', 'identified']),
        capAtQuota: z.boolean(),
        questionnaire: z.object({
          versionId: Id,
          name: z.string(),
          number: z.number().int(),
          content: Content,
        }),
        outlets: z.array(
          z.object({
            siteId: z.string(),
            code: z.string(),
            name: z.string(),
            quota: z.number().int(),
            responses: z.number().int(),
          }),
        ),
      }),
    ),
  })
  .meta({ id: 'SurveyInterviewList' });

export const CreatedResponse = z.object({
  id: Id,
  csi: z.number().nullable(),
  nps: z.number().int().nullable(),
});

export const ImportQuery = z.strictObject({
  mode: z.enum(['allOrNothing', 'validOnly']).default('allOrNothing'),
});

const RowProblem = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  code: z.string(),
  message: z.string(),
});

export const ImportReport = z
  .object({
    rows: z.number().int(),
    imported: z.number().int(),
    rejected: z.number().int(),
    committed: z.boolean(),
    problems: z.array(RowProblem),
    problemsTruncated: z.boolean(),
  })
  .meta({ id: 'SurveyImportReport' });

export const InvitationImportReport = ImportReport.extend({
  links: z.array(
    z.object({
      row: z.number().int(),
      siteId: z.string(),
      customerRef: z.string().nullable(),
      contact: z.string().nullable(),
      url: z.string(),
      expiresAt: Instant,
    }),
  ),
}).meta({ id: 'SurveyInvitationImportReport' });

export const RemindersResponse = z.object({
  items: z.array(
    z.object({
      siteId: z.string(),
      customerRef: z.string().nullable(),
      contact: z.string().nullable(),
      url: z.string(),
      expiresAt: Instant,
    }),
  ),
});

export const CampaignSiteParams = z.strictObject({ id: Id, siteId: z.string().min(1).max(100) });
