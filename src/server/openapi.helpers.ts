/** Helpers for the route modules' OpenAPI fragments. */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string' },
        hint: { type: 'string' },
        field: { type: 'string' },
        issues: {
          type: 'array',
          items: {
            type: 'object',
            properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
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
