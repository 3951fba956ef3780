import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { openDatabase, type Database } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { buildApp } from '../../src/http/app.ts';
import type { AppContext } from '../../src/http/context.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { createOrganisationAsSystem, createUserAsSystem } from '../../src/modules/setup/setup.service.ts';
import { CSRF_HEADER, SESSION_COOKIE } from '../../src/modules/auth/auth.contract.ts';
import { createTestDatabase, type TestDatabase } from './test-db.ts';

export const PASSWORD = 'correct-horse-battery';

/** A clock tests can move forward. */
export function controllableClock(start = new Date('2026-11-30T02:00:00.000Z')) {
  let now = start.getTime();
  const clock = () => new Date(now);
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  config: Config;
  database: Database;
  testDb: TestDatabase;
  clock: ReturnType<typeof controllableClock>;
  close(): Promise<void>;
}

/** The real app on a real, fresh database (SQLite, or PostgreSQL when DATABASE_URL is set). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const testDb = await createTestDatabase();
  const config: Config = {
    ...loadConfig({ LOG_LEVEL: 'silent', SEED_DEMO: 'false', LOGIN_RATE_LIMIT_PER_MINUTE: '1000', ...env }),
    database: testDb.config,
  };
  const database = openDatabase(config.database);
  await migrateToLatest(database.db);
  const clock = controllableClock();
  const app = await buildApp({ config, database, clock, serveWeb: false });
  await app.ready();
  const ctx: AppContext = { db: database.db, dialect: database.dialect, config, clock };
  return {
    app,
    ctx,
    config,
    database,
    testDb,
    clock,
    close: async () => {
      await app.close();
      await database.close();
      await testDb.drop();
    },
  };
}

export interface Tenant {
  cbId: string;
  clientId: string;
}

/** A certification body with one client organisation. */
export async function createTenant(ctx: AppContext, name = 'CB'): Promise<Tenant> {
  const cb = await createOrganisationAsSystem(ctx, { kind: 'certificationBody', name });
  const client = await createOrganisationAsSystem(ctx, {
    kind: 'client',
    name: `${name} client`,
    cbId: cb.id,
  });
  return { cbId: cb.id, clientId: client.id };
}

let seq = 0;
export async function createUser(ctx: AppContext, organisationId: string, roles: Role[], email?: string) {
  const r = await createUserAsSystem(ctx, {
    organisationId,
    email: email ?? `user${++seq}-${Date.now()}@example.com`,
    displayName: `User ${seq}`,
    roles,
    password: PASSWORD,
  });
  return { id: r.userId, email: r.email };
}

/** A signed-in browser-like client: sends the session cookie and, on writes, the CSRF token. */
export class Session {
  constructor(
    private readonly app: FastifyInstance,
    readonly cookie: string,
    readonly csrfToken: string,
  ) {}

  inject(method: InjectOptions['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    const write = !['GET', 'HEAD'].includes(String(method));
    return this.app.inject({
      method,
      url,
      headers: {
        cookie: `${SESSION_COOKIE}=${this.cookie}`,
        ...(write ? { [CSRF_HEADER]: this.csrfToken } : {}),
      },
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
  }
  get = (url: string) => this.inject('GET', url);
  post = (url: string, body?: unknown) => this.inject('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.inject('PATCH', url, body);
  put = (url: string, body: unknown) => this.inject('PUT', url, body);
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Session> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  if (!cookie) throw new Error('no session cookie');
  return new Session(app, cookie.value, res.json().csrfToken);
}
