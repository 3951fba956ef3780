import { z } from 'zod';
import type { RouteModule } from '../../http/app.ts';
import { ping } from '../../db/database.ts';
import { pendingMigrations } from '../../db/migrate.ts';
import { ErrorResponse } from '../common/common.contract.ts';

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'HealthResponse' });
const Ready = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    database: z.string(),
    pendingMigrations: z.array(z.string()),
  })
  .meta({ id: 'ReadyResponse' });

export const healthRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: { tags: ['health'], summary: 'Liveness: the process answers', response: { 200: Health } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/api/ready',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers and its migrations are current',
        response: { 200: Ready, 503: Ready.or(ErrorResponse) },
      },
    },
    async (req, reply) => {
      try {
        await ping(ctx.db);
        const pending = await pendingMigrations(ctx.db);
        const body = {
          status: pending.length === 0 ? ('ready' as const) : ('not_ready' as const),
          database: ctx.dialect,
          pendingMigrations: pending,
        };
        return reply.code(pending.length === 0 ? 200 : 503).send(body);
      } catch (err) {
        req.log.warn({ err }, 'readiness check failed');
        return reply
          .code(503)
          .send({ status: 'not_ready' as const, database: ctx.dialect, pendingMigrations: [] });
      }
    },
  );
};
