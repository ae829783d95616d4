import type { FastifyInstance } from 'fastify';
import * as z from '../../app/zod.js';
import { parseOrThrow } from '../../errors/validation.js';
import { ROLES } from '../../users/user.model.js';
import type { RouteDeps } from '../app.js';
import type { OpenApiFragment } from '../openapi.js';
import { errorResponses as errors, json, ref } from '../openapi.helpers.js';
import { sessionOpenApi } from './session.routes.js';

const newUser = z.strictObject({
  name: z.string().min(1).max(64),
  role: z.enum(ROLES),
  password: z.string().min(1).max(1024),
});
const nameParam = z.strictObject({ name: z.string().min(1).max(64) });
const passwordBody = z.strictObject({ password: z.string().min(1).max(1024) });

/** /api/users: the console's people (administrators only); never a password or its hash. */
export function registerUserRoutes(app: FastifyInstance, { ctx }: RouteDeps): void {
  app.get('/api/users', async () => ctx.users.list());

  app.post('/api/users', async (request, reply) => {
    const user = await ctx.users.add(parseOrThrow(newUser, request.body));
    return reply.status(201).send(user);
  });

  app.delete('/api/users/:name', async (request, reply) => {
    await ctx.users.remove(parseOrThrow(nameParam, request.params).name);
    return reply.status(204).send();
  });

  app.put('/api/users/:name/password', async (request, reply) => {
    const { name } = parseOrThrow(nameParam, request.params);
    await ctx.users.setPassword(name, parseOrThrow(passwordBody, request.body).password);
    return reply.status(204).send();
  });
}

const nameParameter = [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }];

export const usersOpenApi: OpenApiFragment = {
  schemas: {
    ...sessionOpenApi.schemas,
    User: {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        name: { type: 'string' },
        role: { enum: [...ROLES] },
        createdAt: { type: 'string' },
      },
    },
  },
  paths: {
    ...sessionOpenApi.paths,
    '/api/users': {
      get: {
        summary: 'The console users',
        responses: { '200': json({ type: 'array', items: ref('User') }), ...errors },
      },
      post: {
        summary: 'Add a user (password at least 10 characters)',
        requestBody: json({
          type: 'object',
          required: ['name', 'role', 'password'],
          properties: { name: { type: 'string' }, role: { enum: [...ROLES] }, password: { type: 'string' } },
        }),
        responses: { '201': json(ref('User')), '409': json(ref('Error')), ...errors },
      },
    },
    '/api/users/{name}': {
      parameters: nameParameter,
      delete: {
        summary: 'Remove a user and end its sessions',
        responses: { '204': { description: 'Removed' }, ...errors },
      },
    },
    '/api/users/{name}/password': {
      parameters: nameParameter,
      put: {
        summary: 'Set a new password; ends every session of that user',
        requestBody: json({
          type: 'object',
          required: ['password'],
          properties: { password: { type: 'string' } },
        }),
        responses: { '204': { description: 'Changed' }, ...errors },
      },
    },
  },
};
