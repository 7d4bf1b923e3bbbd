/**
 * Statements for the hottest paths (every request's account check, every exam answer) written as SQL templates
 * instead of through the query builder: building a Drizzle query costs a few hundred microseconds of CPU each
 * time (measured by bench:delivery), more than the database takes to run it. Rows still come back typed: each
 * column is read back with the table's own Drizzle column definition, and values written are encoded by them,
 * so both ways agree with the builder's.
 */
import { getTableColumns, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import type { Executor } from './database.js';

type Columns = ReturnType<typeof getTableColumns>;

const columnsByTable = new WeakMap<PgTable, [string, Columns[string]][]>();

function columnsOf(table: PgTable): [string, Columns[string]][] {
  let found = columnsByTable.get(table);
  if (!found) {
    found = Object.entries(getTableColumns(table));
    columnsByTable.set(table, found);
  }
  return found;
}

/** The rows a raw statement returned (PGlite and node-postgres both answer `{ rows }`). */
export async function rawRows(ex: Executor, query: SQL): Promise<Record<string, unknown>[]> {
  const result = (await ex.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows;
}

/** `alias."column" as "prefixcolumn", …` for every column of `table` (see `selectList`). */
export function selectListText(table: PgTable, alias: string, prefix: string): string {
  return columnsOf(table)
    .map(([, column]) => `${alias}."${column.name}" as "${prefix}${column.name}"`)
    .join(', ');
}

const selectLists = new Map<string, SQL>();

/**
 * The columns of `table` (aliased `alias` in the statement) selected as `prefix` + column name, so two tables'
 * columns can share one result row; read them back with `rowFromColumns`.
 */
export function selectList(table: PgTable, alias: string, prefix: string): SQL {
  const key = `${getTableName(table)}|${alias}|${prefix}`;
  let list = selectLists.get(key);
  if (!list) {
    list = sql.raw(selectListText(table, alias, prefix));
    selectLists.set(key, list);
  }
  return list;
}

/** A row of `table` from a result row's `prefix`ed columns (see `selectList`), typed as the builder types it. */
export function rowFromColumns<T extends PgTable>(
  table: T,
  raw: Record<string, unknown>,
  prefix: string,
): T['$inferSelect'] {
  const row: Record<string, unknown> = {};
  for (const [key, column] of columnsOf(table)) {
    const value = raw[prefix + column.name];
    row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return row as T['$inferSelect'];
}

/** `insert into table (...) values (...)` for a whole row, values encoded as the builder encodes them. */
export function insertStatement<T extends PgTable>(table: T, row: T['$inferInsert']): SQL {
  const entries = columnsOf(table).filter(([key]) => (row as Record<string, unknown>)[key] !== undefined);
  const names = sql.join(
    entries.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const values = sql.join(
    entries.map(([key, column]) => sql`${encode(column, (row as Record<string, unknown>)[key])}`),
    sql`, `,
  );
  return sql`insert into ${sql.identifier(getTableName(table))} (${names}) values (${values})`;
}

/** The `set` list of an update for the given fields of `table`. */
export function setList<T extends PgTable>(table: T, patch: Partial<T['$inferSelect']>): SQL {
  const byKey = new Map(columnsOf(table));
  const parts = Object.entries(patch)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => {
      const column = byKey.get(key);
      if (!column) throw new Error(`no column ${key}`);
      return sql`${sql.identifier(column.name)} = ${encode(column, value)}`;
    });
  return sql.join(parts, sql`, `);
}

/** jsonb travels as text and is cast, so both drivers store the same value. */
const castOf = (column: Columns[string]) => (column.getSQLType() === 'jsonb' ? '::jsonb' : '');

function encode(column: Columns[string], value: unknown): SQL | unknown {
  if (value === null) return sql`null`;
  const encoded = column.mapToDriverValue(value);
  return castOf(column) ? sql`${encoded}${sql.raw(castOf(column))}` : encoded;
}

/**
 * The given fields of a row of `table` as statement parameters from `$first` on: their column names, their
 * placeholders (jsonb cast, as the builder casts it) and their values encoded as the builder encodes them.
 */
export function parameterList<T extends PgTable>(
  table: T,
  row: Partial<T['$inferSelect']>,
  first: number,
): { names: string[]; placeholders: string[]; values: unknown[] } {
  const names: string[] = [];
  const placeholders: string[] = [];
  const values: unknown[] = [];
  for (const [key, column] of columnsOf(table)) {
    const value = (row as Record<string, unknown>)[key];
    if (value === undefined) continue;
    names.push(`"${column.name}"`);
    placeholders.push(`$${first + values.length}${castOf(column)}`);
    values.push(value === null ? null : column.mapToDriverValue(value));
  }
  return { names, placeholders, values };
}

/**
 * The SQL types of `table`'s columns named (quoted, as `parameterList` names them): what a `values` list, which
 * PostgreSQL cannot type from its target, casts its placeholders to.
 */
export function sqlTypesOf(table: PgTable, names: readonly string[]): string[] {
  const byName = new Map(columnsOf(table).map(([, column]) => [`"${column.name}"`, column.getSQLType()]));
  return names.map((name) => {
    const type = byName.get(name);
    if (!type) throw new Error(`no column ${name} in ${getTableName(table)}`);
    return type;
  });
}

const preparedNames = new Map<string, string>();

/**
 * Runs a statement written with `$1…` placeholders as a prepared statement, on the whole database or in an open
 * transaction: on PostgreSQL each connection prepares a statement text the first time it runs it (the server
 * parses and plans it once, and no query is built per call); the embedded database runs it as it is.
 */
export async function runPrepared(
  ex: Executor,
  text: string,
  values: unknown[],
  prepare = true,
): Promise<Record<string, unknown>[]> {
  // A Drizzle database or transaction keeps its driver client in its session: the pool, a pooled connection
  // holding the transaction, PGlite or its transaction.
  const client = (ex as unknown as { session: { client: unknown } }).session.client;
  if (client instanceof pg.Pool || client instanceof pg.Client) {
    if (!prepare) return (await client.query(text, values)).rows;
    let name = preparedNames.get(text);
    if (!name) {
      name = `certamen_${preparedNames.size + 1}`;
      preparedNames.set(text, name);
    }
    return (await client.query({ name, text, values })).rows;
  }
  const embedded = client as { query(text: string, values: unknown[]): Promise<{ rows: unknown[] }> };
  return (await embedded.query(text, values)).rows as Record<string, unknown>[];
}

const insertTexts = new Map<string, string>();

/** Rows up to which an insert's statement is kept prepared (one text per number of rows). */
const PREPARED_INSERT_ROWS = 64;

/** Rows for one table, all with the same fields set. */
export type TableRows<T extends PgTable = PgTable> = readonly [T, readonly Partial<T['$inferInsert']>[]];

/** Inserts rows of `table` (all with the same fields set) as one statement; see `insertTogether`. */
export function insertRows<T extends PgTable>(
  ex: Executor,
  table: T,
  rows: readonly Partial<T['$inferInsert']>[],
): Promise<void> {
  return insertTogether(ex, [[table, rows] as TableRows]);
}

/**
 * Inserts rows of several tables (for each table, rows with the same fields set) as one statement, values
 * encoded as the builder encodes them: one round trip however many tables. Up to PREPARED_INSERT_ROWS rows in
 * all, the statement is prepared, its text built once per tables, fields and numbers of rows.
 */
export async function insertTogether(ex: Executor, parts: readonly TableRows[]): Promise<void> {
  const filled = parts.filter(([, rows]) => rows.length > 0);
  if (filled.length === 0) return;
  const values: unknown[] = [];
  const inserts: string[] = [];
  const shape: string[] = [];
  let count = 0;
  for (const [table, rows] of filled) {
    let names: string[] = [];
    const tuples: string[] = [];
    for (const row of rows) {
      const list = parameterList(table, row as Partial<PgTable['$inferSelect']>, values.length + 1);
      if (tuples.length > 0 && list.names.join() !== names.join())
        throw new Error(`rows inserted together into ${getTableName(table)} must set the same fields`);
      names = list.names;
      tuples.push(`(${list.placeholders.join(', ')})`);
      values.push(...list.values);
    }
    count += rows.length;
    shape.push(`${getTableName(table)}|${names.join(',')}|${rows.length}`);
    inserts.push(`insert into "${getTableName(table)}" (${names.join(', ')}) values ${tuples.join(', ')}`);
  }
  // A data-modifying WITH runs whether or not anything reads it: the last insert is the statement itself.
  const build = () =>
    inserts.length === 1
      ? (inserts[0] as string)
      : `with ${inserts
          .slice(0, -1)
          .map((insert, i) => `w${i} as (${insert})`)
          .join(', ')} ${inserts[inserts.length - 1]}`;
  if (count > PREPARED_INSERT_ROWS) {
    await runPrepared(ex, build(), values, false);
    return;
  }
  const key = shape.join(';');
  let text = insertTexts.get(key);
  if (!text) {
    text = build();
    insertTexts.set(key, text);
  }
  await runPrepared(ex, text, values);
}

const findTexts = new Map<string, string>();

/**
 * The rows of `table` meeting `condition` (SQL over the table's own columns, with `$1…` placeholders for
 * `values`; it may go on with `order by`, `limit` or `for update`), typed as the builder types them, as a
 * prepared statement whose text is built once per table and condition.
 */
export async function findRows<T extends PgTable>(
  ex: Executor,
  table: T,
  condition: string,
  values: unknown[],
): Promise<T['$inferSelect'][]> {
  const key = `${getTableName(table)}|${condition}`;
  let text = findTexts.get(key);
  if (!text) {
    text = `select ${selectListText(table, 't', '')} from "${getTableName(table)}" t where ${condition}`;
    findTexts.set(key, text);
  }
  return (await runPrepared(ex, text, values)).map((row) => rowFromColumns(table, row, ''));
}

const updateTexts = new Map<string, string>();

/**
 * Sets the fields of `patch` on the rows of `table` meeting `condition` (as in `findRows`, its placeholders
 * numbered from 1 for `values`), as a prepared statement whose text is built once per table, fields and condition.
 */
export async function updateRows<T extends PgTable>(
  ex: Executor,
  table: T,
  patch: Partial<T['$inferSelect']>,
  condition: string,
  values: unknown[],
): Promise<void> {
  const set = parameterList(table, patch, values.length + 1);
  if (set.names.length === 0) return;
  const key = `${getTableName(table)}|${set.names.join(',')}|${condition}`;
  let text = updateTexts.get(key);
  if (!text) {
    const list = set.names.map((name, i) => `${name} = ${set.placeholders[i]}`).join(', ');
    text = `update "${getTableName(table)}" set ${list} where ${condition}`;
    updateTexts.set(key, text);
  }
  await runPrepared(ex, text, [...values, ...set.values]);
}
