import { createHmac, timingSafeEqual } from 'node:crypto';
import { personalDataKey } from '../personal-data/personal-data.ts';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { RouteModule } from '../../http/app.ts';
import { toInstant } from '../../db/time.ts';
import { DomainError } from '../../domain/errors.ts';
import type { QuestionnaireContent } from '../../domain/surveys/index.ts';
import {
  renderFormPage,
  renderMessagePage,
  staleMessage,
  type PageLang,
  type PageMessage,
} from './respond-page.ts';
import { linkProblem, resolveLink, storeResponse, type LinkTarget } from './survey-intake.ts';
import { questionnaireOfCampaign } from './surveys.service.ts';

/**
 * The respondent's page, public: GET shows the form, POST stores the answers. No sign-in; rate-limited per
 * client address (SURVEY_RATE_LIMIT_PER_MINUTE, default 30 submissions and 10× as many page views); the
 * form carries a per-render token (HMAC of the link and the time it was rendered, valid 6 hours, keyed from
 * the personal-data key so any process accepts it), and the
 * app refuses public writes from another origin. Nothing about the respondent's address is stored.
 */
const FORM_TOKEN_TTL_S = 6 * 3600;

/**
 * The form-token key, derived from the installation's personal-data key so that every process (and
 * machine) sharing that key accepts a form rendered by another, and a restart does not void open forms.
 */
function formKeyOf(config: Parameters<typeof personalDataKey>[0]): Buffer {
  return createHmac('sha256', personalDataKey(config)).update('starmark/survey-form-token').digest();
}

export function formToken(formKey: Buffer, link: string, nowMs: number): string {
  const ts = Math.floor(nowMs / 1000).toString(36);
  return `${ts}.${createHmac('sha256', formKey).update(`${ts}.${link}`).digest('base64url')}`;
}

function formTokenValid(formKey: Buffer, link: string, token: unknown, nowMs: number): boolean {
  if (typeof token !== 'string') return false;
  const [ts, mac] = token.split('.');
  if (!ts || !mac) return false;
  const issued = parseInt(ts, 36) * 1000;
  if (!Number.isFinite(issued) || nowMs - issued > FORM_TOKEN_TTL_S * 1000 || issued - nowMs > 60_000)
    return false;
  const want = Buffer.from(createHmac('sha256', formKey).update(`${ts}.${link}`).digest('base64url'));
  const got = Buffer.from(mac);
  return want.length === got.length && timingSafeEqual(want, got);
}

/** application/x-www-form-urlencoded → fields; repeated names (checkboxes) become arrays. */
function parseForm(body: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(body)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

const langOf = (v: unknown): PageLang => (v === 'en' ? 'en' : 'zh');
const TokenParams = z.object({ token: z.string().max(64) });
const LangQuery = z.object({ lang: z.string().max(5).optional() });

const html = (reply: FastifyReply, body: string, status = 200) =>
  reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('x-robots-tag', 'noindex')
    // Not helmet's no-referrer: with it a browser sends `Origin: null` on the form's POST, which the
    // app's cross-site check refuses. same-origin never sends the link (a token) to another site.
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8')
    .send(body);

const MESSAGE_STATUS: Record<PageMessage, number> = {
  thanks: 200,
  closed: 410,
  notOpen: 403,
  used: 410,
  expired: 410,
  unknown: 404,
  quota: 409,
};

export const surveysPublicRoutes: RouteModule = (app, ctx) => {
  const rate = ctx.config.surveyRatePerMinute;
  const formKey = formKeyOf(ctx.config);
  void app.register(async (child) => {
    child.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 64 * 1024 },
      (_req, body, done) => done(null, parseForm(body as string)),
    );

    const page = async (
      target: LinkTarget,
      token: string,
      lang: PageLang,
      q: QuestionnaireContent,
      values?: Record<string, unknown>,
      errors?: Record<string, string>,
    ) => {
      const outlets =
        target.kind === 'open'
          ? await ctx.db
              .selectFrom('surveyCampaignOutlets')
              .select(['siteId', 'name'])
              .where('campaignId', '=', target.campaign.id)
              .orderBy('code')
              .execute()
          : null;
      return renderFormPage({
        lang,
        questionnaire: q,
        action: `/s/${token}${lang === 'en' ? '?lang=en' : ''}`,
        langHref: `/s/${token}${lang === 'en' ? '' : '?lang=en'}`,
        anonymity: target.campaign.anonymity,
        outlets,
        formToken: formToken(formKey, token, ctx.clock().getTime()),
        ...(values ? { values } : {}),
        ...(errors ? { errors } : {}),
      });
    };

    const problemPage = (reply: FastifyReply, lang: PageLang, m: PageMessage) =>
      html(reply, renderMessagePage(lang, m), MESSAGE_STATUS[m]);

    child.get(
      '/s/:token',
      {
        config: { public: true, rateLimit: { max: rate * 10, timeWindow: 60_000 } },
        schema: { hide: true, params: TokenParams, querystring: LangQuery },
      },
      async (req, reply) => {
        const { token } = req.params as z.infer<typeof TokenParams>;
        const lang = langOf((req.query as z.infer<typeof LangQuery>).lang);
        const target = await resolveLink(ctx.db, token);
        if (!target) return problemPage(reply, lang, 'unknown');
        const problem = linkProblem(target, toInstant(ctx.clock()));
        if (problem) return problemPage(reply, lang, problem === 'not_open' ? 'notOpen' : problem);
        const q = await questionnaireOfCampaign(ctx.db, target.campaign);
        return html(reply, await page(target, token, lang, q.parsed));
      },
    );

    child.post(
      '/s/:token',
      {
        config: { public: true, rateLimit: { max: rate, timeWindow: 60_000 } },
        schema: { hide: true, params: TokenParams },
      },
      async (req, reply) => {
        const { token } = req.params as z.infer<typeof TokenParams>;
        const body = (req.body ?? {}) as Record<string, unknown>;
        const lang = langOf(body._lang);
        const target = await resolveLink(ctx.db, token);
        if (!target) return problemPage(reply, lang, 'unknown');
        const now = ctx.clock();
        const instant = toInstant(now);
        const problem = linkProblem(target, instant);
        if (problem) return problemPage(reply, lang, problem === 'not_open' ? 'notOpen' : problem);
        const q = await questionnaireOfCampaign(ctx.db, target.campaign);
        if (!formTokenValid(formKey, token, body._t, now.getTime()))
          return html(
            reply,
            await page(target, token, lang, q.parsed, body, { _form: staleMessage(lang) }),
            400,
          );
        const siteId = target.siteId ?? (typeof body.siteId === 'string' ? body.siteId : '');
        try {
          await ctx.db.transaction().execute((trx) =>
            storeResponse(
              trx,
              target.campaign,
              q.parsed,
              {
                siteId,
                channel: target.kind,
                invitationId: target.invitation?.id ?? null,
                raw: body,
              },
              instant,
            ),
          );
        } catch (e) {
          if (!(e instanceof DomainError)) throw e;
          if (e.code === 'quota_reached') return problemPage(reply, lang, 'quota');
          if (e.code === 'link_used') return problemPage(reply, lang, 'used');
          if (e.code === 'link_expired') return problemPage(reply, lang, 'expired');
          if (e.code === 'campaign_not_live') return problemPage(reply, lang, 'closed');
          const errors: Record<string, string> = {};
          if (e.code === 'unknown_outlet')
            errors.siteId = lang === 'en' ? 'Choose the outlet.' : '请选择服务网点。';
          const issues = (e.details.issues ?? []) as { code: string; path: string }[];
          for (const i of issues) {
            const question = q.parsed.questions.find((x) => x.id === i.path);
            const label = question
              ? lang === 'en'
                ? (question.text.en ?? question.text.zh)
                : question.text.zh
              : i.path;
            errors[i.path] =
              i.code === 'answer_required'
                ? lang === 'en'
                  ? `Please answer: ${label}`
                  : `请回答：${label}`
                : lang === 'en'
                  ? `This answer is not valid: ${label}`
                  : `此答案无效：${label}`;
          }
          return html(reply, await page(target, token, lang, q.parsed, body, errors), 422);
        }
        return html(reply, renderMessagePage(lang, 'thanks'));
      },
    );
  });
};
