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

/** Checks `value` against a TypeBox schema; returns it typed, or throws validation_failed naming each bad path. */
export function validate<T>(schema: TSchema, value: unknown, where: 'body' | 'query' | 'params'): T {
  let check = cache.get(schema);
  if (!check) {
    check = (where === 'body' ? bodyAjv : textAjv).compile(schema);
    cache.set(schema, check);
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
