import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  createTestApp,
  createUser,
  login,
  PASSWORD,
  type Session,
  type TestApp,
  type Tenant,
} from '../helpers/test-app.ts';

let t: TestApp;
let tenant: Tenant;
let admin: Session;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.ctx, '认证中心甲');
  const a = await createUser(t.ctx, tenant.cbId, ['cbAdmin']);
  admin = await login(t.app, a.email);
});
afterAll(() => t.close());

async function auditActions(entityId: string) {
  const rows = await t.ctx.db
    .selectFrom('auditEntries')
    .select(['action', 'summary'])
    .where('entityId', '=', entityId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ action: r.action, summary: JSON.parse(r.summary) }));
}

describe('POST /api/users', () => {
  it('creates an evaluator with a one-time password that must be changed at first sign-in', async () => {
    const res = await admin.post('/api/users', {
      email: 'Eva@Example.com',
      displayName: '李评价',
      roles: ['evaluator'],
    });
    expect(res.statusCode).toBe(201);
    const { user, temporaryPassword } = res.json();
    expect(user).toMatchObject({
      email: 'eva@example.com',
      displayName: '李评价',
      roles: ['evaluator'],
      status: 'active',
      mustChangePassword: true,
      version: 1,
    });
    expect(temporaryPassword).toMatch(/^\w{4}-\w{4}-\w{4}-\w{4}$/);
    const s = await login(t.app, 'eva@example.com', temporaryPassword);
    expect((await s.get('/api/auth/me')).json().user.mustChangePassword).toBe(true);

    const audit = await auditActions(user.id);
    expect(audit[0]!.action).toBe('user.create');
    expect(JSON.stringify(audit)).not.toContain(temporaryPassword);
    expect(JSON.stringify(audit)).not.toContain('argon2');
  });

  it('refuses a duplicate email with 409 email_taken', async () => {
    await admin.post('/api/users', { email: 'dup@example.com', displayName: 'A', roles: ['reviewer'] });
    const res = await admin.post('/api/users', {
      email: 'DUP@example.com',
      displayName: 'B',
      roles: ['reviewer'],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('email_taken');
  });

  it('refuses client roles for a CB user and CB roles for a client user', async () => {
    const a = await admin.post('/api/users', {
      email: 'x1@example.com',
      displayName: 'X',
      roles: ['clientAdmin'],
    });
    expect(a.statusCode).toBe(400);
    expect(a.json().error.code).toBe('roles_not_allowed');
    const b = await admin.post('/api/users', {
      email: 'x2@example.com',
      displayName: 'X',
      roles: ['evaluator'],
      organisationId: tenant.clientId,
    });
    expect(b.statusCode).toBe(400);
    const c = await admin.post('/api/users', {
      email: 'x3@example.com',
      displayName: 'X',
      roles: ['clientAdmin'],
      organisationId: tenant.clientId,
    });
    expect(c.statusCode).toBe(201);
    expect(c.json().user.organisationKind).toBe('client');
  });
});

describe('PATCH /api/users/:id (optimistic concurrency)', () => {
  it('applies an edit based on the current version and refuses a stale one with 409', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const first = await admin.patch(`/api/users/${u.id}`, { roles: ['evaluator', 'reviewer'], version: 1 });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ roles: ['evaluator', 'reviewer'], version: 2 });
    const stale = await admin.patch(`/api/users/${u.id}`, { displayName: 'Someone else', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version_conflict', details: { currentVersion: 2 } });
    expect(stale.json().error.message).toMatch(/changed by someone else/);
    const now = await admin.get(`/api/users/${u.id}`);
    expect(now.json()).toMatchObject({ displayName: expect.not.stringMatching('Someone else'), version: 2 });
    const audit = await auditActions(u.id);
    expect(audit.at(-1)).toMatchObject({
      action: 'user.update',
      summary: { before: { roles: ['evaluator'] }, after: { roles: ['evaluator', 'reviewer'] } },
    });
  });

  it('of two concurrent edits of the same version, exactly one wins', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const results = await Promise.all([
      admin.patch(`/api/users/${u.id}`, { displayName: 'A', version: 1 }),
      admin.patch(`/api/users/${u.id}`, { displayName: 'B', version: 1 }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
  });

  it('does not let an administrator remove their own administrator role', async () => {
    const me = (await admin.get('/api/auth/me')).json().user;
    const current = (await admin.get(`/api/users/${me.id}`)).json();
    const res = await admin.patch(`/api/users/${me.id}`, { roles: ['evaluator'], version: current.version });
    expect(res.statusCode).toBe(403);
  });
});

describe('disable, enable, reset password', () => {
  it('disabling ends the user’s sessions; enabling lets them back in', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const s = await login(t.app, u.email);
    const off = await admin.post(`/api/users/${u.id}/disable`, { version: 1 });
    expect(off.json()).toMatchObject({ status: 'disabled', version: 2 });
    expect((await s.get('/api/auth/me')).statusCode).toBe(401);
    const on = await admin.post(`/api/users/${u.id}/enable`, { version: 2 });
    expect(on.json().status).toBe('active');
    await login(t.app, u.email);
  });

  it('reset issues a one-time password and the old one stops working', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const res = await admin.post(`/api/users/${u.id}/reset-password`, { version: 1 });
    expect(res.statusCode).toBe(200);
    const { temporaryPassword, user } = res.json();
    expect(user.mustChangePassword).toBe(true);
    await expect(login(t.app, u.email, PASSWORD)).rejects.toThrow(/401/);
    await login(t.app, u.email, temporaryPassword);
  });
});

describe('GET /api/users', () => {
  it('searches by name or email, filters by status and pages', async () => {
    for (let i = 0; i < 5; i++) {
      await admin.post('/api/users', {
        email: `page${i}@example.org`,
        displayName: `分页用户${i}`,
        roles: ['evaluator'],
      });
    }
    const page1 = (await admin.get('/api/users?q=分页&pageSize=2&page=1')).json();
    const page3 = (await admin.get('/api/users?q=分页&pageSize=2&page=3')).json();
    expect(page1.total).toBe(5);
    expect(page1.items).toHaveLength(2);
    expect(page3.items).toHaveLength(1);
    expect(
      (await admin.get('/api/users?q=PAGE3@example')).json().items.map((u: { email: string }) => u.email),
    ).toEqual(['page3@example.org']);
    // LIKE wildcards in the search are taken literally.
    expect((await admin.get('/api/users?q=%25')).json().total).toBe(0);
  });
});

describe('a client administrator', () => {
  it('manages only the users of their own client', async () => {
    const ca = await createUser(t.ctx, tenant.clientId, ['clientAdmin']);
    const s = await login(t.app, ca.email);
    const list = (await s.get('/api/users')).json();
    expect(list.items.every((u: { organisationId: string }) => u.organisationId === tenant.clientId)).toBe(
      true,
    );
    const created = await s.post('/api/users', {
      email: 'cu@example.com',
      displayName: '企业用户',
      roles: ['clientUser'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().user.organisationId).toBe(tenant.clientId);
    const cbUser = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    expect((await s.get(`/api/users/${cbUser.id}`)).statusCode).toBe(404);
    expect(
      (
        await s.post('/api/users', {
          email: 'cb2@example.com',
          displayName: 'X',
          roles: ['evaluator'],
          organisationId: tenant.cbId,
        })
      ).statusCode,
    ).toBe(404);
  });
});
