import type { RouteModule } from '../../http/app.ts';
import { actorOf } from '../auth/authenticate.ts';
import { ErrorResponse, IdParams } from '../common/common.contract.ts';
import {
  ServiceManagerCreateBody,
  ServiceManagerListResponse,
  ServiceManagerResponse,
  ServiceManagerUpdateBody,
  StaffCreateBody,
  StaffingQuery,
  StaffingResponse,
  StaffListQuery,
  StaffListResponse,
  StaffResponse,
  StaffUpdateBody,
} from './client-staff.contract.ts';
import {
  createManager,
  createStaff,
  listManagers,
  listStaff,
  staffing,
  updateManager,
  updateStaff,
} from './client-staff.service.ts';

const errors = {
  400: ErrorResponse,
  401: ErrorResponse,
  403: ErrorResponse,
  404: ErrorResponse,
  409: ErrorResponse,
};
const tags = ['client staff'];

export const clientStaffRoutes: RouteModule = (app, ctx) => {
  app.get(
    '/api/clients/:id/staff',
    {
      config: { permission: 'clients.read' },
      schema: {
        tags,
        summary: 'The client’s after-sales staff roster (personal numbers masked unless permitted)',
        params: IdParams,
        querystring: StaffListQuery,
        response: { 200: StaffListResponse, ...errors },
      },
    },
    async (req) => listStaff(ctx, actorOf(req), req.params.id, req.query),
  );

  app.post(
    '/api/clients/:id/staff',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags,
        summary: 'Add a staff member',
        params: IdParams,
        body: StaffCreateBody,
        response: { 201: StaffResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createStaff(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.patch(
    '/api/client-staff/:id',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags,
        summary: 'Change a staff member (optimistic: send the version you read)',
        params: IdParams,
        body: StaffUpdateBody,
        response: { 200: StaffResponse, ...errors },
      },
    },
    async (req) => updateStaff(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.get(
    '/api/clients/:id/service-managers',
    {
      config: { permission: 'clients.read' },
      schema: {
        tags,
        summary: 'The client’s certified after-sales service managers (售后服务管理师)',
        params: IdParams,
        response: { 200: ServiceManagerListResponse, ...errors },
      },
    },
    async (req) => listManagers(ctx, actorOf(req), req.params.id),
  );

  app.post(
    '/api/clients/:id/service-managers',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags,
        summary: 'Add a certified after-sales service manager',
        params: IdParams,
        body: ServiceManagerCreateBody,
        response: { 201: ServiceManagerResponse, ...errors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await createManager(ctx, actorOf(req), req.params.id, req.body, req.id)),
  );

  app.patch(
    '/api/service-managers/:id',
    {
      config: { permission: 'staff.manage' },
      schema: {
        tags,
        summary: 'Change a service manager’s certificate (optimistic: send the version you read)',
        params: IdParams,
        body: ServiceManagerUpdateBody,
        response: { 200: ServiceManagerResponse, ...errors },
      },
    },
    async (req) => updateManager(ctx, actorOf(req), req.params.id, req.body, req.id),
  );

  app.get(
    '/api/clients/:id/staffing',
    {
      config: { permission: 'clients.read' },
      schema: {
        tags,
        summary:
          'The 10 % 售后服务管理师 check (GB/T 27922 5.1.2.2), computed live: required, held, expiring soon',
        params: IdParams,
        querystring: StaffingQuery,
        response: { 200: StaffingResponse, ...errors },
      },
    },
    async (req) => staffing(ctx, actorOf(req), req.params.id, req.query),
  );
};
