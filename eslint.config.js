import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// zod's own entry is the whole library; src/app/zod.ts names the parts used, so commands start lighter.
const ZOD = {
  name: 'zod',
  message: "Import zod's parts from src/app/zod.ts (import * as z from '…/app/zod.js').",
};

export default tseslint.config(
  // web/src/api.gen.ts is written by openapi-typescript (`npm run gen:api`), as it writes it.
  { ignores: ['dist/**', 'data/**', 'node_modules/**', 'coverage/**', 'web/src/api.gen.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/app/zod.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [ZOD] }] },
  },
  {
    // Only the CLI writes to the terminal; tests and scripts may print diagnostics.
    files: ['src/cli/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  {
    // Data flows one way: cases know nothing of protocols, transports nothing of cases.
    files: ['src/cases/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [ZOD], patterns: ['**/transports/**', '**/diagnostics/**', '**/server/**', '**/cli/**'] },
      ],
    },
  },
  {
    files: ['src/transports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ZOD],
          patterns: ['**/cases/**', '**/inbound/**', '**/notifications/**', '**/server/**', '**/cli/**'],
        },
      ],
    },
  },
);
