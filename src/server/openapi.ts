import { errorDetailSchema, errorSchema } from './openapi.helpers.js';

/** A route module's contribution to the OpenAPI document. */
export interface OpenApiFragment {
  readonly schemas?: Record<string, unknown>;
  readonly paths: Record<string, unknown>;
}

/** The OpenAPI 3.1 document of the REST API, built from the same schemas that validate requests. */
export function buildOpenApi(fragments: readonly OpenApiFragment[]) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'DRobot API',
      version: '0.1.0',
      description:
        'Mail accounts, connection tests, cases and notifications of DRobot. Every route but the OAuth callback takes the admin token as a bearer token; every POST, and every body, is application/json; browsers of other origins are refused (no CORS).',
    },
    components: {
      securitySchemes: { adminToken: { type: 'http', scheme: 'bearer' } },
      schemas: Object.assign(
        { Error: errorSchema, ErrorDetail: errorDetailSchema },
        ...fragments.map((f) => f.schemas ?? {}),
      ) as Record<string, unknown>,
    },
    security: [{ adminToken: [] }],
    paths: Object.assign({}, ...fragments.map((f) => f.paths)) as Record<string, unknown>,
  };
}
