import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '../domain/time/time-zone.ts';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every environment variable Starmark reads, its default and its meaning. README.md's configuration
 * table is written from this list; keep them in step.
 */
export const ENVIRONMENT = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((v) => /^(postgres(ql)?:\/\/|sqlite:|file:)/.test(v), {
      message: 'must start with postgres://, postgresql://, sqlite: or file:',
    })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEFAULT_TIME_ZONE: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, { message: 'must be an IANA time zone such as Asia/Shanghai' }),
  SESSION_TTL_HOURS: z.coerce.number().positive().max(720).default(12),
  COOKIE_SECURE: bool.default(false),
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().positive().default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  SEED_DEMO: bool.default(true),
  STARMARK_ADMIN_EMAIL: z.email().default('admin@starmark.local'),
  STARMARK_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  WEB_DIST_DIR: z.string().default('dist/web'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  PERSONAL_DATA_KEY: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32, {
      message: 'must be 32 random bytes in base64 (openssl rand -base64 32)',
    })
    .optional(),
  SQLITE_CACHE_MB: z.coerce.number().int().min(1).max(4096).default(16),
  IMPORT_MAX_ROWS: z.coerce.number().int().min(1).default(200_000),
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  SIGNING_KEY_SECRET: z
    .string()
    .refine((v) => /^[A-Za-z0-9+/]{43}=$/.test(v) && Buffer.from(v, 'base64').length === 32, {
      message: 'must be 32 random bytes in base64 (openssl rand -base64 32)',
    })
    .optional(),
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(300),
  VERIFY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  SURVEY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
});

export type Environment = z.infer<typeof ENVIRONMENT>;

export type DatabaseConfig =
  { dialect: 'sqlite'; file: string; cacheMb?: number } | { dialect: 'postgres'; connectionString: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  logLevel: Environment['LOG_LEVEL'];
  defaultTimeZone: string;
  sessionTtlMs: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  bodyLimitBytes: number;
  login: { maxAttempts: number; lockoutMs: number; ratePerMinute: number };
  seedDemo: boolean;
  admin: { email: string; password: string | undefined };
  webDistDir: string;
  shutdownTimeoutMs: number;
  /** AES-256-GCM key (base64) for personal data at rest; unset: generated into DATA_DIR (modules/personal-data). */
  personalDataKey: string | undefined;
  importMaxRows: number;
  /** Public address of this installation, printed into certificates' QR codes (verification URL). */
  publicBaseUrl: string;
  /** AES-256-GCM key (base64) for the CBs' signing keys at rest; unset: generated into DATA_DIR. */
  signingKeySecret: string | undefined;
  /** Scheduler period of the certificate jobs in `serve`; 0 = off (run `starmark jobs run` instead). */
  jobsIntervalMs: number;
  verifyRatePerMinute: number;
  /** Survey submissions per client address per minute (page views: ten times as many). */
  surveyRatePerMinute: number;
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the configuration; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const relevant = Object.fromEntries(
    Object.keys(ENVIRONMENT.shape).flatMap((k) =>
      env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]],
    ),
  );
  const parsed = ENVIRONMENT.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '');
        // The value is echoed only for harmless variables: never a password or a database URL.
        const secret = /PASSWORD|DATABASE_URL|KEY/.test(name);
        const value = secret ? '' : ` (got ${JSON.stringify(relevant[name])})`;
        return `${name}: ${i.message}${value}`;
      }),
    );
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database: parseDatabaseUrl(e.DATABASE_URL, dataDir, e.SQLITE_CACHE_MB),
    logLevel: e.LOG_LEVEL,
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    sessionTtlMs: e.SESSION_TTL_HOURS * 3_600_000,
    cookieSecure: e.COOKIE_SECURE,
    trustProxy: e.TRUST_PROXY,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    login: {
      maxAttempts: e.LOGIN_MAX_ATTEMPTS,
      lockoutMs: e.LOGIN_LOCKOUT_MINUTES * 60_000,
      ratePerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    },
    seedDemo: e.SEED_DEMO,
    admin: { email: e.STARMARK_ADMIN_EMAIL, password: e.STARMARK_ADMIN_PASSWORD },
    webDistDir: path.resolve(e.WEB_DIST_DIR),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    personalDataKey: e.PERSONAL_DATA_KEY,
    importMaxRows: e.IMPORT_MAX_ROWS,
    publicBaseUrl: e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`,
    signingKeySecret: e.SIGNING_KEY_SECRET,
    jobsIntervalMs: e.JOBS_INTERVAL_SECONDS * 1000,
    verifyRatePerMinute: e.VERIFY_RATE_LIMIT_PER_MINUTE,
    surveyRatePerMinute: e.SURVEY_RATE_LIMIT_PER_MINUTE,
  };
}

function parseDatabaseUrl(url: string | undefined, dataDir: string, cacheMb: number): DatabaseConfig {
  if (!url) return { dialect: 'sqlite', file: path.join(dataDir, 'starmark.db'), cacheMb };
  if (url.startsWith('postgres')) return { dialect: 'postgres', connectionString: url };
  const file = url.replace(/^(sqlite|file):(\/\/)?/, '');
  return { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file), cacheMb };
}
