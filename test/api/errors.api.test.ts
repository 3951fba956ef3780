import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTenant,
  createTestApp,
  createUser,
  login,
  type Session,
  type TestApp,
} from '../helpers/test-app.ts';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await createTestApp({ BODY_LIMIT_BYTES: '4096' });
  const tenant = await createTenant(t.ctx);
  admin = await login(t.app, (await createUser(t.ctx, tenant.cbId, ['cbAdmin'])).email);
});
afterAll(() => t.close());

const noStack = (body: string) => {
  expect(body).not.toMatch(/\bat .*\.(ts|js):\d+/);
  expect(body).not.toContain('node_modules');
};

describe('bad input', () => {
  it('malformed JSON → 400 malformed_json', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@b.cn", ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('malformed_json');
    noStack(res.body);
  });

  it('a wrong type → 400 naming the field', async () => {
    const res = await admin.post('/api/users', {
      email: 'ok@example.com',
      displayName: 42,
      roles: ['evaluator'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details.issues).toContainEqual(
      expect.objectContaining({ field: 'body.displayName' }),
    );
  });

  it('an unknown field → 400 naming it', async () => {
    const res = await admin.post('/api/users', {
      email: 'ok2@example.com',
      displayName: 'A',
      roles: ['evaluator'],
      isAdmin: true,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0]).toMatchObject({ field: 'body.isAdmin' });
  });

  it('an unknown role → 400 naming roles', async () => {
    const res = await admin.post('/api/users', {
      email: 'ok3@example.com',
      displayName: 'A',
      roles: ['superuser'],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].field).toBe('body.roles.0');
  });

  it('a bad query parameter and a bad id → 400', async () => {
    expect((await admin.get('/api/users?pageSize=100000')).json().error.details.issues[0].field).toBe(
      'querystring.pageSize',
    );
    expect((await admin.get('/api/users/not-a-uuid')).json().error.details.issues[0].field).toBe('params.id');
  });

  it('an oversized body → 413', async () => {
    const res = await admin.post('/api/users', {
      email: 'big@example.com',
      displayName: 'x'.repeat(10_000),
      roles: ['evaluator'],
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('body_too_large');
  });

  it('a non-JSON body → 415', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(res.statusCode).toBe(415);
  });

  it('an unknown route → 404 JSON, signed in or not', async () => {
    for (const res of [
      await t.app.inject({ method: 'GET', url: '/api/nothing-here' }),
      await admin.get('/api/nothing/here'),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
  });

  it('every answer carries its request id', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'trace-12345678' },
    });
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    const err = await t.app.inject({ method: 'GET', url: '/api/auth/me' });
    expect(err.json().error.requestId).toBe(err.headers['x-request-id']);
  });
});

describe('API documentation', () => {
  it('serves the OpenAPI document with named schemas, and the browsable docs', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['UserResponse', 'ErrorResponse', 'SessionResponse']),
    );
    expect(doc.paths['/api/users'].get.parameters.map((p: { name: string }) => p.name)).toContain('pageSize');
    const ui = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.headers['content-type']).toContain('text/html');
  });
});

describe('health', () => {
  it('/api/health and /api/ready answer without a session', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok' });
    const ready = (await t.app.inject({ method: 'GET', url: '/api/ready' })).json();
    expect(ready).toEqual({ status: 'ready', database: t.ctx.dialect, pendingMigrations: [] });
  });
});
