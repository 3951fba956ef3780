import {
  addDays,
  addMonths,
  localDateOf,
  planCertificateJobs,
  type DueKind,
  type PlannedAction,
} from '../../domain/certificates/index.ts';
import type { CertificateRow } from '../../db/schema.ts';
import { toInstant } from '../../db/time.ts';
import type { AppContext } from '../../http/context.ts';
import { certificatesRepository as repo } from '../../db/repositories/certificates.repository.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { JobRunResponse } from './certificates.contract.ts';
import {
  applyLifecycleEvent,
  bodyTimings,
  cbTimeZone,
  loadSettings,
  schemePackageOf,
} from './certificates.service.ts';
import { resolveTimings } from '../../domain/certificates/index.ts';

/**
 * The certificates' scheduled jobs: expiry; overdue surveillance → suspension; suspension over → a
 * withdrawal proposal to the decision makers; reminders to the client and the CB ahead of every due
 * date. Safe in several processes at once: every state change re-reads its row under a lock (FOR
 * UPDATE SKIP LOCKED on PostgreSQL, so two runners never wait on each other; SQLite serialises writers
 * with BEGIN IMMEDIATE) and re-plans on the fresh row; a proposal is a conditional update; a reminder
 * is inserted under a unique key. Running twice does nothing twice.
 */
export interface JobRunOptions {
  /** Only this certification body (the API); all of them when omitted (CLI, scheduler). */
  cbId?: string;
  batchSize?: number;
}

const DUE_LABEL: Record<DueKind, { zh: string; en: string }> = {
  expiry: { zh: '证书到期', en: 'certificate expiry' },
  recertification: { zh: '再认证申请', en: 'recertification application' },
  surveillance: { zh: '监督评价', en: 'surveillance' },
  suspensionEnd: { zh: '暂停期满', en: 'end of suspension' },
};

export async function runCertificateJobs(ctx: AppContext, opts: JobRunOptions = {}): Promise<JobRunResponse> {
  const report: JobRunResponse = {
    certificationBodies: 0,
    examined: 0,
    expired: 0,
    suspended: 0,
    withdrawalProposals: 0,
    reminders: 0,
  };
  let cbQuery = ctx.db
    .selectFrom('certificates')
    .select('cbId')
    .distinct()
    .where('status', 'in', ['active', 'suspended']);
  if (opts.cbId) cbQuery = cbQuery.where('cbId', '=', opts.cbId);
  const cbs = (await cbQuery.execute()).map((r) => r.cbId);
  for (const cbId of cbs) {
    report.certificationBodies++;
    await runForBody(ctx, cbId, opts.batchSize ?? 500, report);
  }
  return report;
}

async function runForBody(ctx: AppContext, cbId: string, batchSize: number, report: JobRunResponse) {
  const settings = await loadSettings(ctx, ctx.db, cbId);
  const body = bodyTimings(settings);
  const today = localDateOf(ctx.clock(), await cbTimeZone(ctx.db, cbId));
  // Certificates with something due within the horizon: the longest reminder lead plus the
  // recertification lead (bounded generously at two years).
  const horizon = addDays(addMonths(today, 24), Math.max(0, ...body.reminderLeadDays));
  let after = '';
  for (;;) {
    const rows = await ctx.db
      .selectFrom('certificates')
      .selectAll()
      .where('cbId', '=', cbId)
      .where('status', 'in', ['active', 'suspended'])
      .where('id', '>', after)
      .where((eb) =>
        eb.or([
          eb('expiryDate', '<=', horizon),
          eb('surveillanceDueOn', '<=', horizon),
          eb('suspendedUntil', '<=', horizon),
        ]),
      )
      .orderBy('id')
      .limit(batchSize)
      .execute();
    for (const row of rows) {
      report.examined++;
      const pkg = await schemePackageOf(ctx.db, cbId, row.schemeVersionId);
      const timings = resolveTimings(pkg.policies.lifecycle, body);
      const plan = planCertificateJobs(jobView(row), timings, today);
      for (const action of plan) await act(ctx, row, action, report);
    }
    if (rows.length < batchSize) break;
    after = rows[rows.length - 1]!.id;
  }
}

const jobView = (r: CertificateRow) => ({
  status: r.status,
  expiryDate: r.expiryDate,
  surveillanceDueOn: r.surveillanceDueOn,
  suspendedUntil: r.suspendedUntil,
  withdrawalProposed: r.withdrawalProposedAt !== null,
});

async function act(ctx: AppContext, row: CertificateRow, action: PlannedAction, report: JobRunResponse) {
  const system = { actor: null, cbId: row.cbId, requestId: null, skipLocked: true };
  switch (action.kind) {
    case 'expire':
    case 'suspendForOverdueSurveillance': {
      const changed = await ctx.db.transaction().execute((trx) =>
        applyLifecycleEvent(
          ctx,
          trx,
          row.id,
          null,
          // Re-checked on the locked row: another process may have acted already.
          (fresh, today) => {
            if (fresh.status !== 'active' && fresh.status !== 'suspended') return null;
            if (action.kind === 'expire') return fresh.expiryDate < today ? { type: 'expire' } : null;
            return fresh.status === 'active' && fresh.surveillanceDueOn === action.dueOn
              ? { type: 'suspend', reasonCode: 'surveillance_overdue', until: action.until }
              : null;
          },
          { ...system, note: action.kind === 'expire' ? null : `surveillance due ${action.dueOn}` },
        ),
      );
      if (changed) report[action.kind === 'expire' ? 'expired' : 'suspended']++;
      return;
    }
    case 'proposeWithdrawal': {
      const now = toInstant(ctx.clock());
      const proposed = await ctx.db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('certificates')
          .set({ withdrawalProposedAt: now, updatedAt: now, version: (eb) => eb('version', '+', 1) })
          .where('cbId', '=', row.cbId)
          .where('id', '=', row.id)
          .where('status', '=', 'suspended')
          .where('withdrawalProposedAt', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await repo.insertNotice(trx, {
          cbId: row.cbId,
          certificateId: row.id,
          clientId: row.clientId,
          kind: 'withdrawalProposal',
          audience: 'decisionMaker',
          due: 'suspensionEnd',
          dueDate: action.suspendedUntil,
          leadDays: null,
          dedupKey: `${row.id}:withdrawalProposal:${action.suspendedUntil}`,
          messageZh: `证书 ${row.certificateNumber}（${row.entityNameZh}）暂停期已于 ${action.suspendedUntil} 届满且未恢复，建议撤销证书，请认证决定人员决定。`,
          messageEn: `Certificate ${row.certificateNumber} (${row.entityNameZh}): the suspension ended on ${action.suspendedUntil} unresolved. Withdrawal is proposed for the decision maker to decide.`,
          createdAt: now,
        });
        await appendAudit(
          trx,
          {
            actor: { userId: null, displayName: 'system', cbId: row.cbId },
            occurredAt: ctx.clock(),
            requestId: null,
          },
          {
            action: 'certificate.proposeWithdrawal',
            entityType: 'certificate',
            entityId: row.id,
            after: { certificateNumber: row.certificateNumber, suspendedUntil: action.suspendedUntil },
          },
        );
        return true;
      });
      if (proposed) report.withdrawalProposals++;
      return;
    }
    case 'remind': {
      const label = DUE_LABEL[action.due];
      for (const audience of ['client', 'cb'] as const) {
        const inserted = await repo.insertNotice(ctx.db, {
          cbId: row.cbId,
          certificateId: row.id,
          clientId: row.clientId,
          kind: 'reminder',
          audience,
          due: action.due,
          dueDate: action.dueDate,
          leadDays: action.leadDays,
          dedupKey: `${row.id}:${audience}:${action.due}:${action.dueDate}:${action.leadDays}`,
          messageZh: `证书 ${row.certificateNumber}（${row.entityNameZh}）的${label.zh}日期为 ${action.dueDate}（${action.leadDays} 天内）。`,
          messageEn: `Certificate ${row.certificateNumber} (${row.entityNameZh}): ${label.en} is due on ${action.dueDate} (within ${action.leadDays} days).`,
          createdAt: toInstant(ctx.clock()),
        });
        if (inserted) report.reminders++;
      }
      return;
    }
  }
}

export interface Scheduler {
  stop(): Promise<void>;
}

/**
 * The in-process scheduler `serve` starts: runs the jobs every `intervalMs` (never two runs of one
 * process at once; several processes are safe, see above). Errors are logged, not thrown.
 */
export function startCertificateScheduler(
  ctx: AppContext,
  intervalMs: number,
  log: { error: (obj: unknown, msg: string) => void; info: (obj: unknown, msg: string) => void },
): Scheduler {
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = runCertificateJobs(ctx)
      .then((r) => {
        if (r.expired + r.suspended + r.withdrawalProposals + r.reminders > 0)
          log.info(r, 'certificate jobs ran');
      })
      .catch((err: unknown) => log.error({ err }, 'certificate jobs failed'))
      .finally(() => {
        running = null;
      });
  };
  const first = setTimeout(tick, Math.min(5_000, intervalMs));
  const timer = setInterval(tick, intervalMs);
  first.unref();
  timer.unref();
  return {
    stop: async () => {
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
