import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/modules/audit/audit.service.ts';
import { createTenant, createTestApp, createUser, login, type TestApp } from '../helpers/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('the foundation scenario', () => {
  it('a new cbAdmin creates an evaluator; the evaluator gets 403 on admin routes; another CB gets 404; the audit trail shows it all', async () => {
    const a = await createTenant(t.ctx, 'CB A');
    const b = await createTenant(t.ctx, 'CB B');
    const adminA = await login(t.app, (await createUser(t.ctx, a.cbId, ['cbAdmin'])).email);
    const adminB = await login(t.app, (await createUser(t.ctx, b.cbId, ['cbAdmin'])).email);

    const created = await adminA.post('/api/users', {
      email: 'new.eval@a.example',
      displayName: '新评价员',
      roles: ['evaluator'],
      password: 'evaluator-password',
    });
    expect(created.statusCode).toBe(201);
    const evaluatorId = created.json().user.id;
    const evaluator = await login(t.app, 'new.eval@a.example', 'evaluator-password');

    for (const [method, url] of [
      ['GET', '/api/users'],
      ['POST', '/api/users'],
      ['GET', '/api/audit'],
      ['GET', '/api/api-tokens'],
      ['POST', '/api/organisations'],
    ] as const) {
      const res = await evaluator.inject(
        method,
        url,
        method === 'POST'
          ? { name: 'x', email: 'x@x.cn', displayName: 'x', roles: ['evaluator'] }
          : undefined,
      );
      expect(res.statusCode, `${method} ${url}`).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }

    expect((await adminB.get(`/api/users/${evaluatorId}`)).statusCode).toBe(404);
    expect(
      (await adminB.patch(`/api/users/${evaluatorId}`, { displayName: 'x', version: 1 })).statusCode,
    ).toBe(404);
    expect((await adminB.get('/api/users')).json().items.map((u: { id: string }) => u.id)).not.toContain(
      evaluatorId,
    );

    const trailA = (await adminA.get('/api/audit?entityType=user')).json();
    const actions = trailA.items.map(
      (e: { action: string; entityId: string }) => `${e.action}:${e.entityId}`,
    );
    expect(actions).toContain(`user.create:${evaluatorId}`);
    expect(trailA.items.find((e: { action: string }) => e.action === 'auth.login')).toBeDefined();
    // B's trail holds nothing of A.
    const trailB = (await adminB.get('/api/audit?pageSize=200')).json();
    expect(trailB.items.map((e: { entityId: string }) => e.entityId)).not.toContain(evaluatorId);

    expect((await verifyAuditTrail(t.ctx.db)).ok).toBe(true);
  });
});
