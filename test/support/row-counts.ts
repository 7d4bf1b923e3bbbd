import { sql } from 'drizzle-orm';
import type { Db } from '../../server/persistence/database.js';

/**
 * The row count of every table in the database's schema, read from the catalog at call time, so a table
 * added by a later migration is counted without touching the tests that compare counts.
 */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const listed = await db.execute(
    sql`select tablename as name from pg_catalog.pg_tables where schemaname = current_schema() order by tablename`,
  );
  const names = (listed as { rows: Array<{ name: string }> }).rows.map((row) => row.name);
  if (names.length === 0) return {};
  const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
  const literal = (name: string) => `'${name.replaceAll("'", "''")}'`;
  const counted = await db.execute(
    sql.raw(
      names
        .map((name) => `select ${literal(name)} as name, count(*)::int as n from ${quoted(name)}`)
        .join(' union all '),
    ),
  );
  return Object.fromEntries(
    (counted as { rows: Array<{ name: string; n: number }> }).rows.map((r) => [r.name, Number(r.n)]),
  );
}
