import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { DomainError, type ErrorDetail } from '../domain/errors.js';

// ajv-formats ships CommonJS; under NodeNext its default export arrives wrapped.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    coerceTypes,
    useDefaults: false,
    removeAdditional: false,
  });
  addFormats(ajv, ['email', 'uri', 'uuid', 'date-time', 'date']);
  return ajv;
}

// Bodies are JSON and must have the right types; query strings and path params are text and get coerced.
const bodyAjv = makeAjv(false);
const textAjv = makeAjv(true);
const cache = new WeakMap<TSchema, ValidateFunction>();

function describe(error: ErrorObject): ErrorDetail {
  if (error.keyword === 'additionalProperties') {
    const field = (error.params as { additionalProperty: string }).additionalProperty;
    return { path: `${error.instancePath}/${field}`, message: 'is not an allowed field' };
  }
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return { path: `${error.instancePath}/${field}`, message: 'is required' };
  }
  return { path: error.instancePath || '/', message: error.message ?? 'is not valid' };
}

/**
 * The first string (or object key) PostgreSQL cannot store as text or jsonb: one holding a NUL character or
 * an unpaired UTF-16 surrogate. JSON allows both (`\u0000`, `\ud800`), so every input is screened here.
 */
export function findUnstorableText(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string')
    return value.includes('\u0000') || !value.isWellFormed() ? path || '/' : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const itemPath = `${path}/${key}`;
    if (key.includes('\u0000') || !key.isWellFormed()) return itemPath;
    const found = findUnstorableText(item, itemPath);
    if (found) return found;
  }
  return undefined;
}

/** Checks `value` against a TypeBox schema; returns it typed, or throws validation_failed naming each bad path. */
export function validate<T>(schema: TSchema, value: unknown, where: 'body' | 'query' | 'params'): T {
  let check = cache.get(schema);
  if (!check) {
    check = (where === 'body' ? bodyAjv : textAjv).compile(schema);
    cache.set(schema, check);
  }
  const unstorable = findUnstorableText(value);
  if (unstorable) {
    throw new DomainError(
      'validation_failed',
      `The request ${where} is not valid: ${unstorable} contains a NUL or broken character`,
      [{ path: unstorable, message: 'must not contain NUL characters or unpaired surrogates' }],
    );
  }
  // Coercion writes into the object it checks, so check a copy of query and params.
  const subject = where === 'body' ? value : { ...(value as object) };
  if (check(subject)) return subject as T;
  const details = (check.errors ?? []).map(describe);
  const first = details[0];
  throw new DomainError(
    'validation_failed',
    `The request ${where} is not valid${first ? `: ${first.path} ${first.message}` : ''}`,
    details,
  );
}
