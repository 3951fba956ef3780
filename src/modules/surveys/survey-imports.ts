import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { bulkInsert } from '../../db/bulk.ts';
import type { Executor } from '../../db/database.ts';
import { toInstant } from '../../db/time.ts';
import { DomainError } from '../../domain/errors.ts';
import { maskPhone } from '../../domain/registry/personal-data.ts';
import { validateAnswers, type QuestionnaireContent } from '../../domain/surveys/index.ts';
import type { AppContext } from '../../http/context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { requirePermission, type Actor } from '../auth/actor.ts';
import { auditCtx } from '../evaluations/workflow-support.ts';
import { cellText } from '../imports/columns.ts';
import { fileProblem, openSheet, type Cell } from '../imports/tabular-reader.ts';
import { responseRows } from './survey-intake.ts';
import { campaignRow, newToken, questionnaireOfCampaign, sha256, surveyUrl } from './surveys.service.ts';

/**
 * Imports of a campaign: the customer list that becomes single-use personal links, and responses collected
 * elsewhere (paper, another tool). Both read CSV or XLSX with the shared streaming reader, check every row
 * and answer a row-by-row report. Responses are all-or-nothing by default (`mode=validOnly` keeps the
 * valid rows). The customer's phone number is never stored: only its masked form, to help the CB match
 * the reminder list.
 */
export interface RowProblem {
  row: number;
  column: string | null;
  code: string;
  message: string;
}

const MAX_PROBLEMS = 1000;
const BATCH = 2000;

class Report {
  rows = 0;
  imported = 0;
  rejectedRows = new Set<number>();
  problems: RowProblem[] = [];
  problemsTruncated = false;
  add(p: RowProblem) {
    this.rejectedRows.add(p.row);
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(p);
    else this.problemsTruncated = true;
  }
  answer(committed: boolean) {
    return {
      rows: this.rows,
      imported: committed ? this.imported : 0,
      rejected: this.rejectedRows.size,
      committed,
      problems: this.problems,
      problemsTruncated: this.problemsTruncated,
    };
  }
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, '');
const OUTLET_HEADERS = ['outlet', 'outletcode', '网点', '网点编码', '网点编号'];
const CUSTOMER_HEADERS = ['customer', 'customerref', '客户', '客户编号'];
const PHONE_HEADERS = ['phone', 'mobile', '手机', '电话', '手机号'];

function text(cell: Cell | undefined): { ok: string | null } | { error: string } {
  const r = cellText(cell);
  return r.ok ? { ok: r.value } : { error: r.reason };
}

async function outletsByCode(db: Executor, campaignId: string) {
  const rows = await db
    .selectFrom('surveyCampaignOutlets')
    .select(['siteId', 'code'])
    .where('campaignId', '=', campaignId)
    .execute();
  return new Map(rows.map((r) => [norm(r.code), r.siteId]));
}

async function withFile<T>(file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    await fs.promises.rm(file, { force: true });
  }
}

const notLive = () => new DomainError('campaign_not_live', 'The campaign is not collecting responses');

/** Customer list → personal links (returned once; only their hashes are stored). */
export async function importInvitations(
  ctx: AppContext,
  actor: Actor,
  campaignId: string,
  file: string,
  requestId: string | null,
) {
  requirePermission(actor, 'surveys.manage');
  return withFile(file, async () => {
    if (actor.organisationKind === 'client') throw fileProblem('not_found', 'Campaign not found.');
    const campaign = await campaignRow(ctx.db, actor.cbId, campaignId);
    if (campaign.state === 'closed')
      throw new DomainError('campaign_closed', 'A closed campaign takes no invitations');
    const outlets = await outletsByCode(ctx.db, campaignId);
    const sheet = await openSheet(file);
    const report = new Report();
    const now = ctx.clock();
    const expiresAt = toInstant(new Date(now.getTime() + campaign.linkTtlDays * 86_400_000));
    const links: {
      row: number;
      siteId: string;
      customerRef: string | null;
      contact: string | null;
      url: string;
      expiresAt: string;
    }[] = [];
    const rows: {
      id: string;
      cbId: string;
      campaignId: string;
      siteId: string;
      tokenHash: string;
      customerRef: string | null;
      contactMasked: string | null;
      expiresAt: string;
      usedOn: null;
      remindedAt: null;
      createdAt: string;
    }[] = [];
    const seen = new Set<string>();
    let header: { outlet: number; customer: number; phone: number } | null = null;
    for await (const batch of sheet.rows) {
      for (const r of batch) {
        if (!header) {
          const names = r.cells.map((c) => (typeof c === 'string' ? norm(c) : ''));
          const find = (list: string[]) => names.findIndex((n) => list.includes(n));
          header = {
            outlet: find(OUTLET_HEADERS),
            customer: find(CUSTOMER_HEADERS),
            phone: find(PHONE_HEADERS),
          };
          if (header.outlet < 0)
            throw fileProblem('import_missing_column', 'The file needs an "outlet" (网点编码) column.', {
              column: 'outlet',
            });
          continue;
        }
        if (r.cells.every((c) => c === null || c === '')) continue;
        report.rows++;
        if (report.rows > 50_000)
          throw fileProblem('import_too_many_rows', 'At most 50,000 customers per file.');
        const outlet = text(r.cells[header.outlet]);
        const customer = header.customer >= 0 ? text(r.cells[header.customer]) : { ok: null };
        const phone = header.phone >= 0 ? text(r.cells[header.phone]) : { ok: null };
        let bad = false;
        for (const [col, v] of [
          ['outlet', outlet],
          ['customer', customer],
          ['phone', phone],
        ] as const)
          if ('error' in v) {
            report.add({ row: r.number, column: col, code: 'invalid_cell', message: v.error });
            bad = true;
          }
        if (bad) continue;
        const code = (outlet as { ok: string | null }).ok;
        const siteId = code ? outlets.get(norm(code)) : undefined;
        if (!siteId) {
          report.add({
            row: r.number,
            column: 'outlet',
            code: code ? 'unknown_outlet' : 'required',
            message: code ? `Outlet ${code} is not in this campaign` : 'The outlet is missing',
          });
          continue;
        }
        const ref = (customer as { ok: string | null }).ok;
        if (ref && ref.length > 100) {
          report.add({
            row: r.number,
            column: 'customer',
            code: 'too_long',
            message: 'At most 100 characters',
          });
          continue;
        }
        const tel = (phone as { ok: string | null }).ok;
        if (tel && !/^\+?[\d\s-]{5,20}$/.test(tel)) {
          report.add({
            row: r.number,
            column: 'phone',
            code: 'invalid_phone',
            message: 'Not a phone number',
          });
          continue;
        }
        const key = ref ?? tel;
        if (key) {
          if (seen.has(`${siteId}|${key}`)) {
            report.add({
              row: r.number,
              column: 'customer',
              code: 'duplicate',
              message: 'This customer is listed twice',
            });
            continue;
          }
          seen.add(`${siteId}|${key}`);
        }
        const token = newToken('i');
        const contact = tel ? maskPhone(tel) : null;
        rows.push({
          id: randomUUID(),
          cbId: actor.cbId,
          campaignId,
          siteId,
          tokenHash: sha256(token),
          customerRef: ref,
          contactMasked: contact,
          expiresAt,
          usedOn: null,
          remindedAt: null,
          createdAt: toInstant(now),
        });
        links.push({
          row: r.number,
          siteId,
          customerRef: ref,
          contact,
          url: surveyUrl(ctx, token),
          expiresAt,
        });
      }
    }
    if (report.rejectedRows.size) return { ...report.answer(false), links: [] };
    await ctx.db.transaction().execute(async (trx) => {
      await bulkInsert(trx, 'survey_invitations', rows);
      await appendAudit(trx, auditCtx(ctx, actor, requestId), {
        action: 'survey.invitations.import',
        entityType: 'surveyCampaign',
        entityId: campaignId,
        after: { invitations: rows.length },
      });
    });
    report.imported = rows.length;
    return { ...report.answer(true), links };
  });
}

/**
 * The reminder list: invitations not yet answered and not expired. Their links are issued afresh (the old
 * ones stop working), since only hashes of tokens are kept.
 */
export async function remindInvitations(
  ctx: AppContext,
  actor: Actor,
  campaignId: string,
  requestId: string | null,
) {
  requirePermission(actor, 'surveys.manage');
  if (actor.organisationKind === 'client') throw fileProblem('not_found', 'Campaign not found.');
  const campaign = await campaignRow(ctx.db, actor.cbId, campaignId);
  if (campaign.state !== 'live') throw notLive();
  const now = toInstant(ctx.clock());
  return ctx.db.transaction().execute(async (trx) => {
    const pending = await trx
      .selectFrom('surveyInvitations')
      .select(['id', 'siteId', 'customerRef', 'contactMasked', 'expiresAt'])
      .where('campaignId', '=', campaignId)
      .where('usedOn', 'is', null)
      .where('expiresAt', '>', now)
      .orderBy('createdAt')
      .execute();
    const items = [];
    for (const p of pending) {
      const token = newToken('i');
      await trx
        .updateTable('surveyInvitations')
        .set({ tokenHash: sha256(token), remindedAt: now })
        .where('id', '=', p.id)
        .execute();
      items.push({
        siteId: p.siteId,
        customerRef: p.customerRef,
        contact: p.contactMasked,
        url: surveyUrl(ctx, token),
        expiresAt: p.expiresAt,
      });
    }
    await appendAudit(trx, auditCtx(ctx, actor, requestId), {
      action: 'survey.invitations.remind',
      entityType: 'surveyCampaign',
      entityId: campaignId,
      after: { reminded: items.length },
    });
    return { items };
  });
}

/**
 * Responses collected elsewhere. Header: the outlet column and one column per question id (multiple
 * choice: values separated by `;`). Streams the file; rows are validated against the pinned version and
 * inserted in batches inside one transaction, rolled back when any row fails in `allOrNothing` mode.
 */
export async function importResponses(
  ctx: AppContext,
  actor: Actor,
  campaignId: string,
  file: string,
  mode: 'allOrNothing' | 'validOnly',
  requestId: string | null,
) {
  requirePermission(actor, 'surveys.manage');
  return withFile(file, async () => {
    if (actor.organisationKind === 'client') throw fileProblem('not_found', 'Campaign not found.');
    const campaign = await campaignRow(ctx.db, actor.cbId, campaignId);
    if (campaign.state !== 'live') throw notLive();
    const q = (await questionnaireOfCampaign(ctx.db, campaign)).parsed;
    const outlets = await outletsByCode(ctx.db, campaignId);
    const sheet = await openSheet(file);
    const report = new Report();
    const batchId = randomUUID();
    // Ids of one import share a random prefix and count up: the rows land at one place of the primary-key
    // indexes instead of a random one each (random keys made a million-row import slow down as it grew).
    // They reveal only the order of rows in the CB's own file.
    const idPrefix = randomUUID().slice(0, 24);
    let seq = 0;
    const instant = toInstant(ctx.clock());
    const rollback = new Error('rollback');
    const committed = await ctx.db
      .transaction()
      .execute(async (trx) => {
        let header: { outlet: number; questions: { index: number; id: string }[] } | null = null;
        let responses: ReturnType<typeof responseRows>['response'][] = [];
        let answers: ReturnType<typeof responseRows>['answers'] = [];
        const flush = async () => {
          if (!responses.length) return;
          await bulkInsert(trx, 'survey_responses', responses);
          await bulkInsert(trx, 'survey_answers', answers);
          responses = [];
          answers = [];
        };
        for await (const batch of sheet.rows) {
          for (const r of batch) {
            if (!header) header = responseHeader(r.cells, q);
            else {
              if (r.cells.every((c) => c === null || c === '')) continue;
              report.rows++;
              if (report.rows > ctx.config.importMaxRows)
                throw fileProblem(
                  'import_too_many_rows',
                  `At most ${ctx.config.importMaxRows} rows per file.`,
                );
              const row = readResponseRow(r.number, r.cells, header, q, outlets, report);
              if (!row) continue;
              if (report.rejectedRows.size && mode === 'allOrNothing') continue;
              const built = responseRows(
                campaign,
                q,
                { siteId: row.siteId, channel: 'import', importBatch: batchId },
                row.answers,
                instant,
                idPrefix + (seq++).toString(16).padStart(12, '0'),
              );
              responses.push(built.response);
              for (const a of built.answers) answers.push(a);
              report.imported++;
              if (responses.length >= BATCH) await flush();
            }
          }
        }
        if (!header) throw fileProblem('import_empty_file', 'The file has no header row.');
        if (report.rejectedRows.size && mode === 'allOrNothing') throw rollback;
        await flush();
        await appendAudit(trx, auditCtx(ctx, actor, requestId), {
          action: 'survey.responses.import',
          entityType: 'surveyCampaign',
          entityId: campaignId,
          after: { batch: batchId, imported: report.imported, rejected: report.rejectedRows.size, mode },
        });
        return true;
      })
      .catch((e: unknown) => {
        if (e === rollback) return false;
        throw e;
      });
    return report.answer(committed);
  });
}

function responseHeader(cells: Cell[], q: QuestionnaireContent) {
  const names = cells.map((c) => (typeof c === 'string' ? c.trim() : ''));
  const outlet = names.findIndex((n) => OUTLET_HEADERS.includes(norm(n)));
  if (outlet < 0)
    throw fileProblem('import_missing_column', 'The file needs an "outlet" (网点编码) column.', {
      column: 'outlet',
    });
  const ids = new Map(q.questions.map((x) => [x.id.toLowerCase(), x.id]));
  const questions: { index: number; id: string }[] = [];
  const unknown: string[] = [];
  names.forEach((n, index) => {
    if (index === outlet || !n) return;
    const id = ids.get(n.toLowerCase());
    if (id) questions.push({ index, id });
    else unknown.push(n);
  });
  if (unknown.length)
    throw fileProblem(
      'import_unknown_columns',
      `Columns that are no question of this questionnaire: ${unknown.join(', ')}`,
      {
        columns: unknown,
      },
    );
  return { outlet, questions };
}

function readResponseRow(
  number: number,
  cells: Cell[],
  header: { outlet: number; questions: { index: number; id: string }[] },
  q: QuestionnaireContent,
  outlets: Map<string, string>,
  report: Report,
) {
  const outlet = text(cells[header.outlet]);
  if ('error' in outlet) {
    report.add({ row: number, column: 'outlet', code: 'invalid_cell', message: outlet.error });
    return null;
  }
  const siteId = outlet.ok ? outlets.get(norm(outlet.ok)) : undefined;
  if (!siteId) {
    report.add({
      row: number,
      column: 'outlet',
      code: outlet.ok ? 'unknown_outlet' : 'required',
      message: outlet.ok ? `Outlet ${outlet.ok} is not in this campaign` : 'The outlet is missing',
    });
    return null;
  }
  const raw: Record<string, unknown> = {};
  for (const { index, id } of header.questions) {
    const v = text(cells[index]);
    if ('error' in v) {
      report.add({ row: number, column: id, code: 'invalid_cell', message: v.error });
      return null;
    }
    if (v.ok !== null) raw[id] = v.ok;
  }
  try {
    return { siteId, answers: validateAnswers(q, raw) };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    for (const i of (e.details.issues ?? []) as { code: string; path: string; message: string }[])
      report.add({ row: number, column: i.path, code: i.code, message: i.message });
    return null;
  }
}
