import type { Config } from '../config/config.ts';
import type { Db } from '../db/database.ts';
import type { Dialect } from '../db/dialect.ts';
import type { Clock } from '../db/time.ts';

/** What every service needs: the database, the configuration and a clock (controllable in tests). */
export interface AppContext {
  db: Db;
  dialect: Dialect;
  config: Config;
  clock: Clock;
}
