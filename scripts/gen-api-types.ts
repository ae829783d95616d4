import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_TYPES_FILE, apiTypesSource } from './api-types.js';

// Built to dist/scripts: the repository's root is two folders up.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const target = path.join(root, API_TYPES_FILE);
fs.writeFileSync(target, await apiTypesSource());
console.log(`${API_TYPES_FILE} written from the OpenAPI document`);
