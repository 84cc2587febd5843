// Layering (see README "Architecture"): shared/ is pure TS; the back end never imports electron;
// the renderer imports no Node module; only electron/main.ts and electron/preload.ts touch Electron.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'child_process', 'worker_threads', 'net', 'http', 'https', 'crypto', 'stream', 'url', 'zlib', 'events', 'util', 'buffer', 'module', 'process', 'readline', 'dgram', 'tls', 'dns', 'cluster', 'perf_hooks', 'v8', 'vm'];
const nodePatterns = [...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`), 'node:*'];
const electronBan = { name: 'electron', message: 'Only electron/main.ts and electron/preload.ts may import electron; the back end runs under plain Node.' };

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'test-results/', 'playwright-report/', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan, 'react', 'better-sqlite3', 'ws'],
        patterns: [{ group: nodePatterns, message: 'shared/ is pure TypeScript: no Node modules.' }, { group: ['**/electron/**', '**/renderer/**'], message: 'shared/ imports nothing from the app.' }],
      }],
    },
  },
  {
    files: ['electron/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'test/e2e/electron.spec.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronBan], patterns: [{ group: ['**/renderer/**'], message: 'the back end does not import the renderer.' }] }] },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [electronBan],
        patterns: [{ group: nodePatterns, message: 'the renderer imports no Node module: talk to the back end through the contract.' }, { group: ['**/electron/**'], message: 'the renderer reaches the back end only through the IPC contract.' }],
      }],
    },
  },
);
