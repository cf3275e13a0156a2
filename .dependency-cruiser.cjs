/**
 * The layering DESIGN.md asks for: arrows point inward only. src/domain is pure — it imports
 * nothing of ours outside itself, no Node built-ins (no IO) and no package but zod and, for the
 * statistics' chi-square p-value, stdlib's incomplete gamma function (docs/statistics.md, "Libraries").
 */
const test = '\\.test\\.ts$';
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain may import only itself, zod and @stdlib/math-base-special-gammainc (docs/statistics.md); tests may also use vitest and fast-check.',
      severity: 'error',
      from: { path: '^src/domain/', pathNot: test },
      to: {
        pathNot: [
          '^src/domain/',
          '^node_modules/zod/',
          '(^|/)node_modules/zod/',
          '(^|/)node_modules/@stdlib/math-base-special-gammainc/',
        ],
      },
    },
    {
      name: 'domain-tests-stay-pure',
      severity: 'error',
      from: { path: [`^src/domain/.+${test}`] },
      to: { dependencyTypes: ['core'], pathNot: ['^(node:)?(fs|path|url)$', '^node:(fs|path|url)$'] },
    },
    {
      name: 'shared-is-contract-only',
      comment:
        'src/shared holds the API contract (zod): it may use the domain and zod, nothing with IO; its tests also vitest.',
      severity: 'error',
      from: { path: '^src/shared/', pathNot: test },
      to: { pathNot: ['^src/(shared|domain)/', '(^|/)node_modules/zod/'] },
    },
    {
      name: 'db-below-server',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/(server|web|cli|content|fhir)/' },
    },
    {
      name: 'server-not-ui-or-cli',
      severity: 'error',
      from: { path: '^src/server/' },
      to: { path: '^src/(web|cli)/' },
    },
    {
      name: 'web-talks-http-only',
      comment:
        'The browser app reaches the server through the API, never by import (src/shared is the contract).',
      severity: 'error',
      from: { path: '^src/web/' },
      to: { path: '^src/(server|db|cli)/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
