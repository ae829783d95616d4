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
/**
 * The refusals any route may give, whoever answers them: the route, the checks every request passes, the
 * router, or Node's parser (408, 431 and a malformed request line are answered on the socket).
 */
export const errorResponses = {
  '400': {
    description:
      'Invalid input (the message names the field), or a malformed request: JSON that does not parse, a Host that is no host[:port], a request address that is neither a path nor an http(s) URL',
    ...json(ref('Error')),
  },
  '401': { description: 'Missing or wrong admin token', ...json(ref('Error')) },
  '403': {
    description: "Refused: a Host that is not DRobot's, or a call from another origin",
    ...json(ref('Error')),
  },
  '405': {
    description:
      'The route does not take this method (OPTIONS included); the Allow header lists those it takes',
    ...json(ref('Error')),
  },
  '408': {
    description: 'The request did not arrive whole in time; the connection is closed',
    ...json(ref('Error')),
  },
  '413': { description: 'Body larger than the route takes', ...json(ref('Error')) },
  '414': { description: 'A path segment longer than any name or id the API takes', ...json(ref('Error')) },
  '415': {
    description:
      'A POST, or a body, not declared as application/json, declared in a charset other than UTF-8, or sent with a Content-Encoding',
    ...json(ref('Error')),
  },
  '417': { description: 'An Expect header other than 100-continue', ...json(ref('Error')) },
  '431': {
    description: 'Request address and headers larger than the server reads; the connection is closed',
    ...json(ref('Error')),
  },
  '500': {
    description: 'An unexpected failure: the answer says no more than that, the log has the detail',
    ...json(ref('Error')),
  },
  '501': { description: 'A Transfer-Encoding other than chunked', ...json(ref('Error')) },
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
