import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
        { patterns: ['**/transports/**', '**/diagnostics/**', '**/server/**', '**/cli/**'] },
      ],
    },
  },
  {
    files: ['src/transports/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['**/cases/**', '**/inbound/**', '**/notifications/**', '**/server/**', '**/cli/**'] },
      ],
    },
  },
);
