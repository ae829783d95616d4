import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { apiDocument } from '../src/server/openapi.document.js';

/** Where the console's API types are kept, from the repository's root. */
export const API_TYPES_FILE = 'web/src/api.gen.ts';

const HEADER = [
  "// The REST API's types, generated from its OpenAPI document (src/server/routes): do not edit by hand.",
  '// `npm run gen:api` writes this file again; test/server/api-types.test.ts fails while it is stale.',
  '',
  '',
].join('\n');

/** The TypeScript of the API's document, as openapi-typescript writes it (read-only shapes). */
export async function apiTypesSource(): Promise<string> {
  // The document is built as plain data; openapi-typescript checks it as OpenAPI 3.1 itself.
  const document = apiDocument() as unknown as OpenAPI3;
  const ast = await openapiTS(document, { immutable: true, silent: true });
  return HEADER + astToString(ast);
}
