/**
 * The half of "no route touches the database" that an import graph cannot see: a route file that builds
 * SQL on the request's executor (`c.get('db').selectFrom(…)`). Part of `npm run check:layers`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const SQL = /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(|\bsql`|\.executeTakeFirst\w*\(|\.execute\(/;

const routeFiles = [
  ...readdirSync('api/routes').filter((f) => f.endsWith('.ts')).map((f) => join('api/routes', f)),
  ...readdirSync('api', { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(join('api', d.name)).filter((f) => f === 'routes.ts').map((f) => join('api', d.name, f))),
];

const found = routeFiles.flatMap((file) =>
  readFileSync(file, 'utf8').split('\n').flatMap((line, i) => (SQL.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
if (found.length) {
  console.error('A route validates and calls a service; these route lines build or run SQL:\n' + found.join('\n'));
  process.exit(1);
}
console.log(`✔ no SQL in ${routeFiles.length} route files`);
