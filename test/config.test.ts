import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.ts';

describe('loadConfig', () => {
  it('runs on embedded defaults: SQLite under ./data, port 3000, Asia/Shanghai', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toEqual({
      dialect: 'sqlite',
      file: path.resolve('data/starmark.db'),
      cacheMb: 16,
    });
    expect(c.defaultTimeZone).toBe('Asia/Shanghai');
    expect(c.seedDemo).toBe(true);
  });

  it('takes PostgreSQL from DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h:5432/db' }).database).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u@h:5432/db',
    });
  });

  it('names every bad variable and never echoes a secret', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://root:hunter2@x/db',
        SEED_DEMO: 'maybe',
        STARMARK_ADMIN_PASSWORD: 'short',
      });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const msg = (e as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'SEED_DEMO', 'STARMARK_ADMIN_PASSWORD'])
        expect(msg).toContain(name);
      expect(msg).toContain('"eighty"');
      expect(msg).not.toContain('hunter2');
      expect(msg).not.toContain('short"');
    }
  });
});
