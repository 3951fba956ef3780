import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditTrail } from '../../src/modules/audit/audit.service.ts';
import { createTenant, createTestApp, type TestApp, type Tenant } from '../helpers/test-app.ts';

let t: TestApp;
let tenant: Tenant;
beforeEach(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.ctx);
  for (let i = 0; i < 5; i++) {
    await t.ctx.db.transaction().execute((trx) =>
      appendAudit(
        trx,
        {
          actor: { userId: null, displayName: 'test', cbId: tenant.cbId },
          occurredAt: t.clock(),
          requestId: null,
        },
        {
          action: 'test.event',
          entityType: 'test',
          entityId: String(i),
          after: { i },
        },
      ),
    );
  }
});
afterEach(() => t.close());

/** What someone with direct database access would do: drop the guard, then edit. */
async function dropAppendOnlyGuard() {
  if (t.ctx.dialect === 'sqlite') {
    await sql`DROP TRIGGER audit_entries_no_update`.execute(t.ctx.db);
    await sql`DROP TRIGGER audit_entries_no_delete`.execute(t.ctx.db);
  } else {
    await sql`DROP TRIGGER audit_entries_append_only ON audit_entries`.execute(t.ctx.db);
  }
}

describe('the audit trail', () => {
  it('verifies when untouched', async () => {
    const r = await verifyAuditTrail(t.ctx.db);
    expect(r).toMatchObject({ ok: true, problems: [] });
    expect(r.entries).toBeGreaterThanOrEqual(7); // 2 organisations + 5 events
  });

  it('is append-only in the database itself', async () => {
    await expect(t.ctx.db.updateTable('auditEntries').set({ action: 'x' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.ctx.db.deleteFrom('auditEntries').execute()).rejects.toThrow(/append-only/);
  });

  it('detects an edited entry', async () => {
    await dropAppendOnlyGuard();
    await t.ctx.db
      .updateTable('auditEntries')
      .set({ summary: '{"after":{"i":99}}' })
      .where('cbId', '=', tenant.cbId)
      .where('seq', '=', 4)
      .execute();
    const r = await verifyAuditTrail(t.ctx.db);
    expect(r.ok).toBe(false);
    expect(r.problems).toContainEqual(expect.objectContaining({ seq: 4, problem: 'hash_mismatch' }));
  });

  it('detects a removed entry in the middle and at the end', async () => {
    await dropAppendOnlyGuard();
    await t.ctx.db.deleteFrom('auditEntries').where('cbId', '=', tenant.cbId).where('seq', '=', 3).execute();
    let r = await verifyAuditTrail(t.ctx.db);
    expect(r.problems.map((p) => p.problem)).toEqual(expect.arrayContaining(['sequence_gap', 'broken_link']));

    const fresh = await createTestApp();
    try {
      const other = await createTenant(fresh.ctx);
      if (fresh.ctx.dialect === 'sqlite') {
        await sql`DROP TRIGGER audit_entries_no_delete`.execute(fresh.ctx.db);
      } else {
        await sql`DROP TRIGGER audit_entries_append_only ON audit_entries`.execute(fresh.ctx.db);
      }
      const last = await fresh.ctx.db
        .selectFrom('auditChains')
        .select('lastSeq')
        .where('cbId', '=', other.cbId)
        .executeTakeFirstOrThrow();
      await fresh.ctx.db
        .deleteFrom('auditEntries')
        .where('cbId', '=', other.cbId)
        .where('seq', '=', last.lastSeq)
        .execute();
      r = await verifyAuditTrail(fresh.ctx.db);
      expect(r.problems).toContainEqual(expect.objectContaining({ problem: 'head_mismatch' }));
    } finally {
      await fresh.close();
    }
  });

  it('detects reordered entries', async () => {
    await dropAppendOnlyGuard();
    // Swap the sequence numbers of entries 3 and 4 (via a free number, since (cb, seq) is unique).
    const q = t.ctx.db.updateTable('auditEntries').where('cbId', '=', tenant.cbId);
    await q.set({ seq: 1000 }).where('seq', '=', 3).execute();
    await q.set({ seq: 3 }).where('seq', '=', 4).execute();
    await q.set({ seq: 4 }).where('seq', '=', 1000).execute();
    const r = await verifyAuditTrail(t.ctx.db);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.problem)).toContain('broken_link');
  });

  it('keeps one unbroken chain under concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.ctx.db.transaction().execute((trx) =>
          appendAudit(
            trx,
            {
              actor: { userId: null, displayName: 'test', cbId: tenant.cbId },
              occurredAt: t.clock(),
              requestId: null,
            },
            {
              action: 'test.concurrent',
              entityType: 'test',
              entityId: `c${i}`,
            },
          ),
        ),
      ),
    );
    const r = await verifyAuditTrail(t.ctx.db);
    expect(r.ok).toBe(true);
  });
});
