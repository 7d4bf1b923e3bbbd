import type { TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { CALENDAR_RANGE_MESSAGE, parseDay, parseInstant } from '../domain/calendar.js';
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
  addFormats(ajv, ['email', 'uri', 'uuid']);
  // Dates through the domain's one rule: a real date in years 0001–9999 (UTC), which PostgreSQL and a
  // signed credential can both hold. ajv-formats would take year 0000, six-digit UTC years and leap seconds.
  ajv.addFormat('date', { type: 'string', validate: (text: string) => parseDay(text) !== null });
  ajv.addFormat('date-time', { type: 'string', validate: (text: string) => parseInstant(text) !== null });
  return ajv;
}

// Bodies are JSON and must have the right types; query strings and path params are text and get coerced.
const bodyAjv = makeAjv(false);
const textAjv = makeAjv(true);
const cache = new WeakMap<TSchema, ValidateFunction>();

function describe(error: ErrorObject): ErrorDetail {
  if (error.keyword === 'additionalProperties') {
    const field = (error.params as { additionalProperty: string }).additionalProperty;
    return {
      path: `${error.instancePath}/${field}`,
      rule: error.keyword,
      message: 'is not an allowed field',
    };
  }
  if (error.keyword === 'required') {
    const field = (error.params as { missingProperty: string }).missingProperty;
    return { path: `${error.instancePath}/${field}`, rule: error.keyword, message: 'is required' };
  }
  if (error.keyword === 'format') {
    const format = (error.params as { format: string }).format;
    if (format === 'date' || format === 'date-time') {
      const shape = format === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM-DDThh:mm:ssZ, or with an offset';
      return {
        path: error.instancePath || '/',
        rule: format,
        message: `${CALENDAR_RANGE_MESSAGE}, as ${shape}`,
      };
    }
  }
  if (error.keyword === 'maxLength') {
    const limit = (error.params as { limit: number }).limit;
    return {
      path: error.instancePath || '/',
      rule: error.keyword,
      message: `must be at most ${limit} characters long`,
    };
  }
  return { path: error.instancePath || '/', rule: error.keyword, message: error.message ?? 'is not valid' };
}

/** Deepest nesting any request accepts; no schema here comes close, and it bounds the screening walk. */
export const MAX_INPUT_DEPTH = 32;

const storable = (text: string) => !text.includes('\u0000') && text.isWellFormed();

/**
 * Why an input cannot be taken as it is, before the schema sees it: nested deeper than MAX_INPUT_DEPTH, or
 * holding a string (or key) PostgreSQL cannot store as text or jsonb — a NUL character or an unpaired UTF-16
 * surrogate, both of which JSON allows (`\u0000`, `\ud800`). Walks with an explicit stack, not recursion.
 */
export function screenInput(value: unknown): ErrorDetail | undefined {
  const pending: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const path = next.path || '/';
    if (typeof next.value === 'string') {
      if (!storable(next.value))
        return { path, message: 'must not contain NUL characters or unpaired surrogates' };
      continue;
    }
    if (next.value === null || typeof next.value !== 'object') continue;
    if (next.depth >= MAX_INPUT_DEPTH)
      return { path, message: `is nested deeper than ${MAX_INPUT_DEPTH} levels` };
    for (const [key, item] of Object.entries(next.value)) {
      if (!storable(key))
        return { path, message: 'has a field name with NUL characters or unpaired surrogates' };
      pending.push({ value: item, path: `${next.path}/${key}`, depth: next.depth + 1 });
    }
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
  const refused = screenInput(value);
  if (refused) {
    throw new DomainError(
      'validation_failed',
      `The request ${where} is not valid: ${refused.path} ${refused.message}`,
      [refused],
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
