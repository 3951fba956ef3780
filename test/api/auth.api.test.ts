import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/modules/auth/auth.contract.ts';
import {
  createTenant,
  createTestApp,
  createUser,
  login,
  PASSWORD,
  type TestApp,
  type Tenant,
} from '../helpers/test-app.ts';

let t: TestApp;
let tenant: Tenant;

beforeAll(async () => {
  t = await createTestApp({ LOGIN_MAX_ATTEMPTS: '3', LOGIN_LOCKOUT_MINUTES: '15' });
  tenant = await createTenant(t.ctx);
});
afterAll(() => t.close());

const loginAs = (email: string, password: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, headers });

describe('POST /api/auth/login', () => {
  it('signs in, sets an HttpOnly SameSite session cookie and answers the user with a CSRF token', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const res = await loginAs(u.email.toUpperCase(), PASSWORD);
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const body = res.json();
    expect(body.user.email).toBe(u.email);
    expect(body.user.roles).toEqual(['evaluator']);
    expect(body.user.certificationBody.timeZone).toBe('Asia/Shanghai');
    expect(body.csrfToken).toMatch(/^[\w-]{40,}$/);
    // The session id in the database is a hash, never the cookie's secret.
    const rows = await t.ctx.db.selectFrom('sessions').select('id').execute();
    expect(rows.map((r) => r.id)).not.toContain(cookie.value);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const wrong = await loginAs(u.email, 'not-the-password');
    const unknown = await loginAs('nobody@example.com', 'not-the-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('invalid_credentials');
    expect(unknown.json().error.code).toBe('invalid_credentials');
  });

  it('locks the account after repeated failures, even against the right password, until the lockout ends', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    for (let i = 0; i < 3; i++) expect((await loginAs(u.email, 'wrong-password')).statusCode).toBe(401);
    const locked = await loginAs(u.email, PASSWORD);
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
    t.clock.advance(16 * 60_000);
    expect((await loginAs(u.email, PASSWORD)).statusCode).toBe(200);
  });

  it('refuses a disabled account', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    await t.ctx.db.updateTable('users').set({ status: 'disabled' }).where('id', '=', u.id).execute();
    const res = await loginAs(u.email, PASSWORD);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('account_disabled');
  });

  it('refuses a cross-site login form post', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const res = await loginAs(u.email, PASSWORD, { origin: 'https://evil.example' });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('csrf_failed');
  });
});

describe('login rate limit', () => {
  it('answers 429 with Retry-After once a client address exceeds the limit', async () => {
    const limited = await createTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await limited.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: 'a@example.com', password: 'x' },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) {
          expect(res.json().error.code).toBe('rate_limited');
          expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        }
      }
      expect(codes).toEqual([401, 401, 401, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('session use', () => {
  it('GET /api/auth/me answers 401 without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('unauthenticated');
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const s = await login(t.app, u.email);
    const noToken = await t.app.inject({
      method: 'PUT',
      url: '/api/auth/preferences',
      headers: { cookie: `${SESSION_COOKIE}=${s.cookie}` },
      payload: { locale: 'en' },
    });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_failed');
    const badToken = await t.app.inject({
      method: 'PUT',
      url: '/api/auth/preferences',
      headers: { cookie: `${SESSION_COOKIE}=${s.cookie}`, [CSRF_HEADER]: 'x'.repeat(43) },
      payload: { locale: 'en' },
    });
    expect(badToken.statusCode).toBe(403);
    const ok = await s.put('/api/auth/preferences', { locale: 'en' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.locale).toBe('en');
    // Remembered for the user, not the browser: a new session sees it.
    const again = await login(t.app, u.email);
    expect((await again.get('/api/auth/me')).json().user.locale).toBe('en');
  });

  it('logout ends the session', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const s = await login(t.app, u.email);
    expect((await s.get('/api/auth/me')).statusCode).toBe(200);
    expect((await s.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await s.get('/api/auth/me')).statusCode).toBe(401);
  });

  it('a session expires after its lifetime', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const s = await login(t.app, u.email);
    t.clock.advance(t.config.sessionTtlMs + 1000);
    expect((await s.get('/api/auth/me')).statusCode).toBe(401);
  });
});

describe('POST /api/auth/password', () => {
  it('changes the password, ends the other sessions and keeps this one', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const here = await login(t.app, u.email);
    const elsewhere = await login(t.app, u.email);
    const res = await here.post('/api/auth/password', {
      currentPassword: PASSWORD,
      newPassword: 'a-new-long-password',
    });
    expect(res.statusCode).toBe(204);
    expect((await here.get('/api/auth/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).statusCode).toBe(401);
    expect((await loginAs(u.email, PASSWORD)).statusCode).toBe(401);
    expect((await loginAs(u.email, 'a-new-long-password')).statusCode).toBe(200);
  });

  it('refuses a wrong current password and a short new one', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const s = await login(t.app, u.email);
    const wrong = await s.post('/api/auth/password', {
      currentPassword: 'nope-nope-nope',
      newPassword: 'a-new-long-password',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('invalid_current_password');
    const short = await s.post('/api/auth/password', { currentPassword: PASSWORD, newPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.issues[0].field).toBe('body.newPassword');
  });
});

describe('stored passwords', () => {
  it('are argon2id hashes', async () => {
    const u = await createUser(t.ctx, tenant.cbId, ['evaluator']);
    const row = await t.ctx.db
      .selectFrom('users')
      .select('passwordHash')
      .where('id', '=', u.id)
      .executeTakeFirstOrThrow();
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(PASSWORD);
  });
});
