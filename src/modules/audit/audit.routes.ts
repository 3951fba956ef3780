import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { requirePermission } from '../auth/actor.ts';
import { ErrorResponse } from '../common/common.contract.ts';
import { AuditListQuery, AuditListResponse } from './audit.contract.ts';
import { listAudit } from './audit.service.ts';

export const auditRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/audit',
    {
      config: { permission: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'The audit trail of the certification body, newest first',
        querystring: AuditListQuery,
        response: { 200: AuditListResponse, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      requirePermission(actor, 'audit.read');
      return listAudit(ctx.db, actor.cbId, req.query);
    },
  );
};
