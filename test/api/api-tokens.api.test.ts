import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { permissionsOf } from '../../src/domain/access/roles.ts';
import {
  createTenant,
  createTestApp,
  createUser,
  login,
  type Session,
  type TestApp,
  type Tenant,
} from '../helpers/test-app.ts';

let t: TestApp;
let tenant: Tenant;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTenant(t.ctx);
  admin = await login(t.app, (await createUser(t.ctx, tenant.cbId, ['cbAdmin', 'evaluator'])).email);
});
afterAll(() => t.close());

const bearer = (secret: string, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url,
    headers: { authorization: `Bearer ${secret}` },
    ...(payload ? { payload: payload as object } : {}),
  });

describe('API tokens', () => {
  it('a token works without CSRF, acts only with its roles, is stored hashed and stops working when revoked', async () => {
    const created = await admin.post('/api/api-tokens', {
      name: 'ERP sync',
      roles: ['evaluator'],
      expiresInDays: 30,
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json();
    expect(secret).toMatch(/^smk_/);
    expect(token.prefix).toBe(secret.slice(0, 12));
    const stored = await t.ctx.db
      .selectFrom('apiTokens')
      .selectAll()
      .where('id', '=', token.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored)).not.toContain(secret);

    expect((await bearer(secret, 'GET', '/api/auth/me')).json().user.permissions.sort()).toEqual(
      [...permissionsOf(['evaluator'])].sort(),
    );
    // The creator is an admin, the token is not.
    expect((await bearer(secret, 'GET', '/api/users')).statusCode).toBe(403);

    expect((await admin.post(`/api/api-tokens/${token.id}/revoke`)).json().revokedAt).not.toBeNull();
    const after = await bearer(secret, 'GET', '/api/auth/me');
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_token');
  });

  it('an admin token may manage users but never mint tokens', async () => {
    const { secret } = (await admin.post('/api/api-tokens', { name: 'admin', roles: ['cbAdmin'] })).json();
    expect((await bearer(secret, 'GET', '/api/users')).statusCode).toBe(200);
    expect(
      (await bearer(secret, 'POST', '/api/api-tokens', { name: 'x', roles: ['cbAdmin'] })).statusCode,
    ).toBe(403);
  });

  it('refuses roles the creator does not hold', async () => {
    const res = await admin.post('/api/api-tokens', { name: 'x', roles: ['decisionMaker'] });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('roles_not_held');
  });

  it('expires', async () => {
    const { secret } = (
      await admin.post('/api/api-tokens', { name: 'short', roles: ['evaluator'], expiresInDays: 1 })
    ).json();
    expect((await bearer(secret, 'GET', '/api/auth/me')).statusCode).toBe(200);
    t.clock.advance(2 * 86_400_000);
    expect((await bearer(secret, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('an unknown bearer secret → 401', async () => {
    expect((await bearer('smk_nope', 'GET', '/api/auth/me')).statusCode).toBe(401);
  });
});
