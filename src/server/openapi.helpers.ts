/** Helpers for the route modules' OpenAPI fragments. */
/** An error as the API renders it, in the language asked for: what went wrong, a hint, the field. */
export const errorDetailSchema = {
  type: 'object',
  required: ['code', 'message'],
  properties: {
    code: { type: 'string' },
    message: { type: 'string' },
    hint: { type: 'string' },
    field: { type: 'string' },
    step: { type: 'string', description: 'the connection step that failed' },
    serverReply: { type: 'string', description: "the server's own words" },
    issues: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'code', 'message'],
        properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

/** The body of every error answer. */
export const errorSchema = {
  type: 'object',
  required: ['error'],
  properties: { error: { $ref: '#/components/schemas/ErrorDetail' } },
};

export const json = (schema: object) => ({ content: { 'application/json': { schema } } });
export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
export const errorResponses = {
  '400': { description: 'Invalid input; the message names the field', ...json(ref('Error')) },
  '401': { description: 'Missing or wrong admin token', ...json(ref('Error')) },
  '403': {
    description: "Refused: a Host that is not DRobot's, or a call from another origin",
    ...json(ref('Error')),
  },
  '413': { description: 'Body larger than the route takes', ...json(ref('Error')) },
  '415': { description: 'A POST, or a body, not declared as application/json', ...json(ref('Error')) },
  '503': { description: "Not answered within the route's deadline", ...json(ref('Error')) },
};
export const refParam = [
  { name: 'ref', in: 'path', required: true, description: 'account name or id', schema: { type: 'string' } },
];

/**
 * An object schema whose properties are all present in every answer unless named in `optional` (those
 * are left out when they have no value). Other properties may be added later: clients ignore them.
 */
export function object(
  properties: Record<string, object>,
  extra: { readonly optional?: readonly string[]; readonly description?: string } = {},
) {
  return {
    type: 'object',
    ...(extra.description !== undefined ? { description: extra.description } : {}),
    properties,
    required: Object.keys(properties).filter((name) => !extra.optional?.includes(name)),
  };
}
export const string = { type: 'string' };
export const integer = { type: 'integer' };
export const boolean = { type: 'boolean' };
export const dateTime = { type: 'string', format: 'date-time' };
/** The value, or null when there is none. */
export const orNull = (schema: { readonly type: string } & object) => ({
  ...schema,
  type: [schema.type, 'null'],
});
export const arrayOf = (items: object) => ({ type: 'array', items });
/** A named schema, or null when there is none. */
export const refOrNull = (name: string) => ({ anyOf: [ref(name), { type: 'null' }] });
