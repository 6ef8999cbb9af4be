// Zero-warning lint for every project. Module boundaries keep each service to itself and keep the event
// contracts free of any framework, so that every service (and any future client) can import them.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const TEST_HARNESS_IMPORT = {
  name: '@cme/testing',
  message: 'the test harness is for tests; what a running system needs is in @cme/local-runtime',
};
const LOCAL_RUNTIME_IMPORT = {
  name: '@cme/local-runtime',
  message: 'the local runtime runs services on a developer machine; a service must not depend on it',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.local/**', '.nx/**', '**/*.cjs', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          allow: [],
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:catalog', onlyDependOnLibsWithTags: ['scope:catalog', 'scope:shared'] },
            { sourceTag: 'scope:credits', onlyDependOnLibsWithTags: ['scope:credits', 'scope:shared'] },
            {
              sourceTag: 'scope:notifications',
              onlyDependOnLibsWithTags: ['scope:notifications', 'scope:shared'],
            },
            { sourceTag: 'scope:portal', onlyDependOnLibsWithTags: ['scope:portal', 'scope:shared'] },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              // Event contracts and the rules engine are plain TypeScript: no framework, driver or database.
              sourceTag: 'layer:pure',
              onlyDependOnLibsWithTags: ['layer:pure'],
              bannedExternalImports: [
                '@nestjs/*',
                'mongoose',
                'mongodb',
                'kafkajs',
                'bullmq',
                'ioredis',
                'nodemailer',
                'fastify',
                '@fastify/*',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    // What ships or runs behind `npm start` never loads the test harness, and a service never loads the local
    // runtime, which looks for the repository on disk (an image has none).
    files: ['services/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/testing/**', 'libs/local-runtime/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [TEST_HARNESS_IMPORT, LOCAL_RUNTIME_IMPORT] }],
    },
  },
  {
    files: ['libs/local-runtime/**/*.ts', 'infra/local/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [TEST_HARNESS_IMPORT] }] },
  },
);
