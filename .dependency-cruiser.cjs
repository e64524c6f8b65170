/**
 * Layer rules (docs/CONTRIBUTING.md "Layers"), checked by `npm run check:layers`.
 *
 *   db/                  ground floor: schema, migrations, connection — imports nothing above it
 *   api/domain/          pure calculations — no database, no I/O, nothing from the layers above
 *   api/queries/, *queries.ts          SQL (Kysely) — executor-first functions
 *   api/services/, service.ts …       logic — call queries and domain
 *   api/routes/, api/<feature>/routes.ts  validate and call a service — never queries or the database
 */
const ROUTES = '^api/(routes/|[^/]+/routes\\.ts$)';
const QUERIES = '^api/(queries/|[^/]+/[^/]*queries\\.ts$)';
const DOMAIN = '^api/domain/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A module may not reach itself again through its imports.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'db-is-the-ground-floor',
      severity: 'error',
      comment: 'db/ holds only schema, migrations and the connection; it imports nothing from api/ or web/.',
      from: { path: '^db/' },
      to: { path: '^(api|web|test)/' },
    },
    {
      name: 'routes-call-services-not-queries',
      severity: 'error',
      comment: 'A route validates and calls a service; SQL lives in query functions behind a service.',
      from: { path: ROUTES },
      to: { path: [QUERIES, '^db/'] },
    },
    {
      name: 'routes-do-not-touch-the-database',
      severity: 'error',
      comment: 'A route never builds SQL itself (kysely, pg, PGlite are for query functions).',
      from: { path: ROUTES },
      to: { path: 'node_modules/(kysely|pg|@electric-sql/pglite)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'nothing-below-imports-routes',
      severity: 'error',
      comment: 'Services, queries and domain never import a route.',
      from: { path: [QUERIES, DOMAIN, '^api/services/', '^api/[^/]+/service\\.ts$'] },
      to: { path: ROUTES },
    },
    {
      name: 'queries-do-not-call-services',
      severity: 'error',
      comment: 'Query functions hold SQL only; logic that calls them is a service.',
      from: { path: QUERIES },
      to: { path: ['^api/services/', '^api/[^/]+/service\\.ts$', '^api/import/', '^api/alerts/engine\\.ts$'] },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment:
        'api/domain/ holds pure calculations: no database, no file system or network, nothing from queries, ' +
        'services, routes, the import pipeline or db/.',
      from: { path: DOMAIN },
      to: {
        path: [
          QUERIES,
          ROUTES,
          '^api/(services|import|cache|processes|middleware|cli)/',
          '^api/[^/]+/service\\.ts$',
          '^api/(app|server|bootstrap|context|configured-database|read-replica)\\.ts$',
          '^db/',
          'node_modules/(kysely|pg|pg-copy-streams|@electric-sql/pglite|busboy|nodemailer|hono|@hono)/',
        ],
        dependencyTypesNot: ['type-only'],
      },
    },
    {
      name: 'domain-no-io',
      severity: 'error',
      comment: 'api/domain/ does no I/O.',
      from: { path: DOMAIN },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|child_process|stream|worker_threads|dns|tls)$' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'Every import resolves.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|\\.svelte-kit|build|test-output|\\.data)/|\\.d\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
