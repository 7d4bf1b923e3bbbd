import { randomBytes, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Express } from 'express';
import fc from 'fast-check';
import request from 'supertest';
import { jwtTokenService } from '../../server/adapters/token-service.js';
import { ERROR_CODES, type ErrorCode } from '../../server/domain/errors.js';
import { apiRoutes } from '../../server/http/app.js';
import { HTTP_STATUS } from '../../server/http/middleware/errors.js';
import { DEFAULT_MAX_BODY_BYTES, type RouteSpec } from '../../server/http/routing.js';
import { Slug, Uuid } from '../../server/http/schemas.js';
import type { Db } from '../../server/persistence/database.js';
import { createTestContext, TEST_ORIGIN } from '../support/context.js';
import { makeCertification } from '../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';
import { bankFile } from '../support/items.js';
import { rowCounts } from '../support/row-counts.js';

// Every API route gets random requests from every kind of caller; none may crash the server (5xx), every
// refusal must carry the documented error body, and a refused request must leave the database untouched.
// Seeds are fixed per route (derived from "METHOD path"), so a failure reproduces on the next run; set
// FUZZ_SEED to explore other inputs and FUZZ_RUNS to change the number of requests per route.

const RUNS = Number(process.env.FUZZ_RUNS) || 60;
const BASE_SEED = Number(process.env.FUZZ_SEED) || 0;
const JSON_TYPE = 'application/json';
/** express.json's limit in server/http/app.ts is 64 KB; oversize bodies straddle it. */
const OVERSIZE_MAX = 80 * 1024;

/** Who sends a fuzzed request. */
type Caller = 'admin' | 'candidate' | 'anonymous' | 'forged';

/** The parts of a JSON Schema (as TypeBox emits it) the generators read. */
interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly patternProperties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
}

/** Real ids, slugs and e-mails of the fixtures, mixed into generated values so some requests reach the use cases. */
interface Known {
  readonly ids: readonly string[];
  readonly slugs: readonly string[];
  readonly emails: readonly string[];
  /** A real certification and item, so bodies that name one reach the use case's writes. */
  readonly certificationId: string;
  readonly externalId: string;
}

/** A request body with its headers; prints as a short summary when fast-check reports a counterexample. */
interface Payload extends fc.WithToStringMethod {
  readonly kind: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

/** One generated request. */
interface FuzzCase {
  readonly caller: Caller;
  readonly path: string;
  readonly payload: Payload;
}

function payload(kind: string, body?: string | Buffer, headers: Record<string, string> = {}): Payload {
  const shown = () => {
    if (body === undefined) return 'no body';
    const text = typeof body === 'string' ? body : `<bytes ${body.toString('hex').slice(0, 200)}>`;
    return `${body.length} ${typeof body === 'string' ? 'chars' : 'bytes'}: ${JSON.stringify(text.slice(0, 300))}`;
  };
  return { kind, headers, body, [fc.toStringMethod]: () => `${kind} ${JSON.stringify(headers)} ${shown()}` };
}

const asJson = (kind: string, value: unknown, contentType = JSON_TYPE): Payload =>
  // JSON.stringify(undefined) is undefined: send the literal text, which is malformed JSON.
  payload(kind, JSON.stringify(value) ?? String(value), { 'Content-Type': contentType });

/** The JSON types a schema admits, or 'any' when it admits every value. */
function jsonTypes(schema: JsonSchema): Set<string> | 'any' {
  if (schema.anyOf) {
    const all = new Set<string>();
    for (const member of schema.anyOf) {
      const types = jsonTypes(member);
      if (types === 'any') return 'any';
      for (const t of types) all.add(t);
    }
    return all;
  }
  if (schema.type) return new Set(typeof schema.type === 'string' ? [schema.type] : schema.type);
  if (schema.const !== undefined) return new Set([schema.const === null ? 'null' : typeof schema.const]);
  if (schema.properties || schema.patternProperties) return new Set(['object']);
  return 'any';
}

const VALUES_BY_TYPE: Readonly<Record<string, fc.Arbitrary<unknown>>> = {
  string: fc.string({ maxLength: 20 }),
  integer: fc.integer(),
  number: fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n)),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  object: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
};

/** A value whose JSON type the schema does not admit (any value when the schema admits all). */
function wrongTyped(schema: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = jsonTypes(schema);
  if (allowed === 'any') return fc.jsonValue({ maxDepth: 3 });
  const wrong = Object.entries(VALUES_BY_TYPE)
    .filter(([type]) => !allowed.has(type) && !(type === 'integer' && allowed.has('number')))
    .map(([, arbitrary]) => arbitrary);
  return fc.oneof(...wrong);
}

/** Strings that have broken servers before: NUL, lone surrogates, bidi overrides, SQL, prototype keys. */
const TRICKY_STRINGS = [
  '\u0000',
  'Ada\u0000Lovelace',
  '\ud800',
  ' \t\n',
  '\u202eevil',
  "x'); drop table users; --",
  '%00',
  '__proto__',
  'constructor',
  '😀😀😀',
  '\\u0000',
];

/** Days at and past the calendar's edges: year 0, year 9999, six-digit years, 29 February, 31 April. */
const DAY_EDGES = [
  '0000-01-01',
  '0001-01-01',
  '9999-12-31',
  '10000-01-01',
  '+002026-01-01',
  '-000001-01-01',
  '2024-02-29',
  '2023-02-29',
  '2026-04-31',
  '1970-01-01',
  '2999-01-01',
];

/** Instants at and past the calendar's edges, with extreme offsets, leap seconds and long fractions. */
const INSTANT_EDGES = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00Z',
  '0001-01-01T00:00:00+00:01',
  '0001-01-01T00:00:00-23:59',
  '9999-12-31T23:59:59Z',
  '9999-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59-23:59',
  '9999-12-31T23:59:59+23:59',
  '2016-12-31T23:59:60Z',
  '1990-12-31T15:59:60-08:00',
  '2026-11-22T09:00:00.123456789Z',
  '+275760-09-13T00:00:00.000Z',
  '-271821-04-20T00:00:00.000Z',
  '1970-01-01T00:00:00Z',
];

/** Integers that sit on or just past a schema's bounds, and the ones that overflow common integer types. */
function integerEdges(schema: JsonSchema): number[] {
  const bounds = [schema.minimum, schema.maximum].filter((b): b is number => b !== undefined);
  const near = bounds.flatMap((b) => [b - 1, b, b + 1]);
  const wide = [
    0,
    -1,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
  ];
  return [...new Set([...near, ...wide])];
}

/** Numbers on or just past a schema's bounds, exclusive ones included, and extremes of a double. */
function numberEdges(schema: JsonSchema): number[] {
  const bounds = [schema.minimum, schema.maximum, schema.exclusiveMinimum, schema.exclusiveMaximum].filter(
    (b): b is number => b !== undefined,
  );
  const near = bounds.flatMap((b) => [b - 1e-9, b, b + 1e-9]);
  return [...new Set([...near, 0, -0, 5e-324, 1e308, -1e308, 0.5])];
}

/** Values on and just past the bounds of a leaf schema: the edges a generator drawing at random misses. */
function boundaryValues(schema: JsonSchema): unknown[] {
  const types = jsonTypes(schema);
  if (types === 'any') return [];
  if (schema.anyOf) return schema.anyOf.flatMap(boundaryValues);
  if (types.has('string')) {
    if (schema.format === 'date') return DAY_EDGES;
    if (schema.format === 'date-time') return INSTANT_EDGES;
    if (schema.const !== undefined || schema.format || schema.pattern) return [];
    const lengths = [schema.minLength ?? 0, schema.maxLength].filter((n): n is number => n !== undefined);
    return [...new Set(lengths.flatMap((n) => [n - 1, n, n + 1]).filter((n) => n >= 0))].map((n) =>
      'x'.repeat(n),
    );
  }
  if (types.has('integer')) return integerEdges(schema);
  if (types.has('number')) return numberEdges(schema);
  return [];
}

function stringLike(schema: JsonSchema, known: Known): fc.Arbitrary<string> {
  const maxLength = schema.maxLength ?? 64;
  switch (schema.format) {
    case 'uuid':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...known.ids), weight: 2 },
        fc.uuid(),
        fc.uuid().map((id) => id.toUpperCase()),
        fc.uuid().map((id) => `urn:uuid:${id}`),
      );
    case 'email':
      return fc.oneof(
        fc.emailAddress(),
        fc.constantFrom(...known.emails),
        fc.emailAddress().map((e) => ` ${e.toUpperCase()}`),
      );
    case 'uri':
      return fc.oneof(
        fc.webUrl(),
        fc.constantFrom('javascript:alert(1)', 'http://[::1]:0/', 'https://a/\u0000'),
      );
    case 'date-time':
      return fc.oneof(
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
        fc.constantFrom(...INSTANT_EDGES),
        fc
          .tuple(
            fc.date({ noInvalidDate: true, min: new Date('0001-01-01'), max: new Date('9999-12-31') }),
            fc.constantFrom('Z', '+23:59', '-23:59', '+00:00', '-00:01'),
          )
          .map(([d, offset]) => d.toISOString().replace('Z', offset)),
      );
    case 'date':
      return fc.oneof(
        fc.constantFrom(...DAY_EDGES),
        fc
          .date({ noInvalidDate: true, min: new Date('0001-01-01'), max: new Date('9999-12-31') })
          .map((d) => d.toISOString().slice(0, 10)),
      );
  }
  const tricky = fc.oneof(
    fc.constantFrom(...TRICKY_STRINGS),
    fc
      .tuple(
        fc.string({ maxLength: 8 }),
        fc.constantFrom('\u0000', '\ud800', '\udfff', '\u202e', '\ufeff'),
        fc.string({ maxLength: 8 }),
      )
      .map((parts) => parts.join('')),
  );
  const free = fc.oneof(fc.string({ maxLength }), fc.string({ unit: 'binary', maxLength }), {
    arbitrary: tricky,
    weight: 3,
  });
  if (!schema.pattern) return free;
  if (schema.pattern === Slug.pattern) {
    return fc.oneof(fc.constantFrom(...known.slugs), fc.stringMatching(new RegExp(schema.pattern)), free);
  }
  if (schema.pattern === Uuid.pattern) {
    // Real ids (the certification among them) as often as made-up ones, so bodies reach the use cases.
    return fc.oneof(fc.constantFrom(...known.ids), fc.uuid(), free);
  }
  return fc.oneof(
    fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= maxLength),
    free,
  );
}

/** A value of the right type that often satisfies the schema, so some requests get past validation. */
function plausible(schema: JsonSchema, known: Known, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.anyOf) return fc.oneof(...schema.anyOf.map((member) => plausible(member, known, depth)));
  if (schema.properties && depth < 4) {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, property] of Object.entries(schema.properties))
      model[name] = plausible(property, known, depth + 1);
    // Half the time every optional field is present too, so the code behind each one is reached.
    return fc.oneof(fc.record(model, { requiredKeys: [...(schema.required ?? [])] }), fc.record(model));
  }
  const types = jsonTypes(schema);
  const type = types === 'any' ? undefined : [...types][0];
  switch (type) {
    case 'string':
      return stringLike(schema, known);
    case 'integer':
      return fc.oneof(
        {
          arbitrary: fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 }),
          weight: 3,
        },
        fc.constantFrom(...integerEdges(schema)),
      );
    case 'number':
      return fc.oneof(
        { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 3 },
        fc.constantFrom(...numberEdges(schema)),
      );
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(
        schema.items ? plausible(schema.items, known, depth + 1) : fc.jsonValue({ maxDepth: 2 }),
        {
          minLength: schema.minItems ?? 0,
          maxLength: schema.maxItems ?? 4,
        },
      );
    default:
      return fc.jsonValue({ maxDepth: 3 });
  }
}

/** Mostly plausible fields with some wrong-typed ones, at every level of nesting. */
function mixed(schema: JsonSchema, known: Known, depth = 0): fc.Arbitrary<unknown> {
  if (schema.properties && depth < 3) {
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const [name, property] of Object.entries(schema.properties))
      model[name] = mixed(property, known, depth + 1);
    return fc.oneof(
      { arbitrary: fc.record(model, { requiredKeys: [...(schema.required ?? [])] }), weight: 4 },
      { arbitrary: wrongTyped(schema), weight: 1 },
    );
  }
  return fc.oneof(
    { arbitrary: plausible(schema, known, depth), weight: 3 },
    { arbitrary: wrongTyped(schema), weight: 1 },
  );
}

/** An object with the schema's own property names, every value of a type the schema does not admit. */
function allWrong(schema: JsonSchema): fc.Arbitrary<unknown> {
  const names = Object.keys(schema.properties ?? {});
  if (names.length === 0) return VALUES_BY_TYPE.object!;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const name of names) model[name] = wrongTyped(schema.properties![name]!);
  return fc.record(model, { requiredKeys: [] });
}

/** JSON near-misses and edge values a hand-written parser or a validator might trip on. */
const EDGE_BODIES = [
  '',
  ' ',
  'null',
  '0',
  '"text"',
  'true',
  '[]',
  '{}',
  '{',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}trailing',
  '\ufeff{}',
  '1e400',
  '{"__proto__":{"roles":["platform_admin"]}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
];

const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/vnd.api+json',
  'application/json-patch+json',
  '*/*',
  ';;;',
];

/** Every kind of body, built for one route's body schema (or an empty object schema for bodiless routes). */
function payloadArb(schema: JsonSchema, known: Known): fc.Arbitrary<Payload> {
  const names = Object.keys(schema.properties ?? {});
  const fieldName = names.length > 0 ? fc.constantFrom(...names) : fc.constant('field');
  const deepText = fc
    .tuple(fc.integer({ min: 50, max: 40_000 }), fc.constantFrom('array', 'object'))
    .map(([depth, shape]) =>
      shape === 'array'
        ? `${'['.repeat(depth)}${']'.repeat(depth)}`
        : `${'{"a":'.repeat(depth)}null${'}'.repeat(depth)}`,
    );
  return fc.oneof(
    fc.constant(payload('no body')),
    fc.anything().map((value) => asJson('anything', value)),
    fc.json().map((text) => payload('json', text, { 'Content-Type': JSON_TYPE })),
    allWrong(schema).map((value) => asJson('schema fields, wrong types', value)),
    {
      arbitrary: plausible(schema, known).map((value) => asJson('schema fields, plausible', value)),
      weight: 3,
    },
    {
      arbitrary: fc
        .tuple(
          mixed(schema, known),
          fc.option(fc.tuple(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 1 }))),
        )
        .map(([value, extra]) =>
          asJson(
            'schema fields, mixed',
            extra && value && typeof value === 'object' && !Array.isArray(value)
              ? { ...value, [extra[0]]: extra[1] }
              : value,
          ),
        ),
      weight: 3,
    },
    fc
      .tuple(
        mixed(schema, known),
        fieldName,
        fc.integer({ min: 256, max: OVERSIZE_MAX }),
        fc.string({ minLength: 1, maxLength: 3 }),
      )
      .map(([value, name, length, unit]) => {
        const base = value && typeof value === 'object' && !Array.isArray(value) ? value : {};
        return asJson('oversize string', {
          ...base,
          [name]: unit.repeat(Math.ceil(length / unit.length)).slice(0, length),
        });
      }),
    fc
      .uint8Array({ maxLength: 2048 })
      .map((bytes) => payload('raw bytes', Buffer.from(bytes), { 'Content-Type': JSON_TYPE })),
    fc.constantFrom(...EDGE_BODIES).map((text) => payload('edge JSON', text, { 'Content-Type': JSON_TYPE })),
    fc
      .tuple(plausible(schema, known), fc.constantFrom(...WRONG_CONTENT_TYPES))
      .map(([value, type]) => asJson('wrong content type', value, type)),
    plausible(schema, known).map((value) =>
      payload('no content type', Buffer.from(JSON.stringify(value) ?? '{}')),
    ),
    fc
      .tuple(plausible(schema, known), fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'))
      .map(([value, encoding]) =>
        payload('content encoding', JSON.stringify(value) ?? '{}', {
          'Content-Type': JSON_TYPE,
          'Content-Encoding': encoding,
        }),
      ),
    deepText.map((text) => payload('deep nesting', text, { 'Content-Type': JSON_TYPE })),
    fc.tuple(mixed(schema, known), fieldName, deepText).map(([value, name, deep]) => {
      const base = value && typeof value === 'object' && !Array.isArray(value) ? value : {};
      const text = JSON.stringify({ ...base, [name]: 0 }).replace(
        `${JSON.stringify(name)}:0`,
        `${JSON.stringify(name)}:${deep}`,
      );
      return payload('deep nesting in a field', text, { 'Content-Type': JSON_TYPE });
    }),
  );
}

/** A value for one path parameter: well-formed ids and slugs, real ones, near misses and junk. */
function segmentArb(name: string, known: Known): fc.Arbitrary<string> {
  const junk = [
    fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent),
    // Unencoded, so some carry broken percent-escapes.
    fc.stringMatching(/^[A-Za-z0-9%._~:-]{0,40}$/),
  ];
  if (name === 'id' || name.endsWith('Id')) {
    return fc.oneof(
      { arbitrary: fc.constantFrom(...known.ids), weight: 3 },
      fc.uuid(),
      fc.uuid().map((id) => id.toUpperCase()),
      fc.uuid().map((id) => `urn:uuid:${id}`),
      ...junk,
    );
  }
  if (name === 'slug') {
    return fc.oneof(
      { arbitrary: fc.constantFrom(...known.slugs), weight: 3 },
      fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,39}$/),
      ...junk,
    );
  }
  return fc.oneof(...junk);
}

function pathArb(path: string, known: Known): fc.Arbitrary<string> {
  const parts = path.split(/(:[A-Za-z_]\w*)/).filter((part) => part !== '');
  const segments = parts.map((part) =>
    part.startsWith(':') ? segmentArb(part.slice(1), known) : fc.constant(part),
  );
  const query = fc.option(
    fc.oneof(fc.webQueryParameters(), fc.stringMatching(/^[A-Za-z0-9%=&._~[\]-]{0,40}$/)),
  );
  return fc
    .tuple(fc.tuple(...segments), query)
    .map(([pieces, q]) => `${pieces.join('')}${q === null ? '' : `?${q}`}`);
}

/** A fixed seed per route: FNV-1a of "METHOD path", so adding a route leaves the others' inputs unchanged. */
function seedFor(route: RouteSpec): number {
  let hash = 0x811c9dc5 ^ BASE_SEED;
  for (const ch of `${route.method.toUpperCase()} ${route.path}`)
    hash = Math.imul(hash ^ ch.charCodeAt(0), 0x01000193);
  return hash | 0;
}

/** The path with every parameter filled by a well-formed value. */
function concretePath(route: RouteSpec, slug: string): string {
  return route.path.replace(/:([A-Za-z_]\w*)/g, (_match, name: string) =>
    name === 'slug' ? slug : randomUUID(),
  );
}

/** Text that PostgreSQL text and jsonb columns, or the code before them, may choke on. */
const HOSTILE_TEXT = [
  'Ada\u0000Lovelace',
  '\u0000',
  'a\ud800b',
  '\u202eevil',
  "x'); drop table users; --",
  '\ufeff',
];

/**
 * A body that passes the schema where it can (real slugs, fresh e-mails and slugs, every optional field
 * present), so a hostile value put into one field reaches the use case and the database.
 */
function sampleValid(schema: JsonSchema, known: Known, field = ''): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.anyOf) {
    const text = schema.anyOf.find((member) => member.type === 'string' && member.const === undefined);
    return sampleValid(text ?? schema.anyOf[0]!, known, field);
  }
  if (schema.properties) {
    const body: Record<string, unknown> = {};
    for (const [name, property] of Object.entries(schema.properties))
      body[name] = sampleValid(property, known, name);
    return body;
  }
  const types = jsonTypes(schema);
  const type = types === 'any' ? undefined : [...types][0];
  const fresh = randomBytes(5).toString('hex');
  switch (type) {
    case 'string':
      if (schema.format === 'uuid' || schema.pattern === Uuid.pattern)
        return /certification/i.test(field) ? known.certificationId : known.ids[0];
      if (schema.format === 'date') return '2020-01-15';
      if (schema.format === 'date-time') return '2020-01-15T10:30:00Z';
      if (field === 'externalId') return known.externalId;
      if (schema.format === 'email') return `fuzz-${fresh}@example.test`;
      if (schema.format === 'uri') return 'https://example.test/logo.png';
      if (schema.pattern === Slug.pattern) return field === 'slug' ? `fz-${fresh}` : known.slugs[0];
      if (schema.pattern === '^#[0-9a-fA-F]{6}$') return '#12ab34';
      if (schema.pattern)
        return fc.sample(fc.stringMatching(new RegExp(schema.pattern)), { numRuns: 1, seed: 1 })[0];
      return 'Sample text long enough';
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array':
      return schema.items ? [sampleValid(schema.items, known, field)] : [];
    case 'object':
      return {};
    default:
      return null;
  }
}

/** True when the schema takes free text (a string that is not one of a fixed set of literals). */
function takesText(schema: JsonSchema): boolean {
  if (schema.anyOf) return schema.anyOf.some(takesText);
  return (
    schema.const === undefined &&
    (schema.type === 'string' || (Array.isArray(schema.type) && schema.type.includes('string')))
  );
}

/** A field of a body: its path (property names, and 0 for the first element of an array) and its schema. */
interface Field {
  readonly path: readonly (string | number)[];
  readonly schema: JsonSchema;
}

/** Every leaf field of an object schema, at any depth, inside arrays too (their first element, as sampleValid makes one). */
function leafFields(schema: JsonSchema, at: readonly (string | number)[] = []): Field[] {
  if (schema.properties) {
    return Object.entries(schema.properties).flatMap(([name, property]) =>
      leafFields(property, [...at, name]),
    );
  }
  if (schema.items && jsonTypes(schema) !== 'any' && (jsonTypes(schema) as Set<string>).has('array'))
    return leafFields(schema.items, [...at, 0]);
  return at.length > 0 ? [{ path: at, schema }] : [];
}

/** Paths to every free-text field of an object schema, at any depth. */
function textFields(schema: JsonSchema): (string | number)[][] {
  return leafFields(schema)
    .filter((field) => takesText(field.schema))
    .map((field) => [...field.path]);
}

function withField(body: unknown, path: readonly (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let target = copy;
  for (const name of path.slice(0, -1)) target = target[name] as Record<string, unknown>;
  target[path[path.length - 1]!] = value;
  return copy;
}

/** Path segments for one parameter: the fixtures' real ids or slugs, plus (when `hostile`) near misses and junk. */
function paramValues(name: string, known: Known, hostile: boolean): string[] {
  const isId = name === 'id' || name.endsWith('Id');
  const real = (name === 'slug' ? known.slugs : isId ? known.ids : ['x']).map(encodeURIComponent);
  if (!hostile) return real;
  const [first = 'x'] = real;
  const idForms = isId
    ? [`urn:uuid:${first}`, first.toUpperCase(), `%7B${first}%7D`, first.replaceAll('-', ''), `${first}%00`]
    : [`${first}%00`, first.toUpperCase()];
  return [...real, ...idForms, '%00', '%zz', '%F0%9F%98%80', '..', 'x'.repeat(5000)];
}

/** The route's path with its parameters filled in every combination of the given values. */
function filledPaths(path: string, known: Known, hostile: boolean): string[] {
  let paths = [path];
  for (const [param, name] of path.matchAll(/:([A-Za-z_]\w*)/g)) {
    const values = paramValues(name!, known, hostile);
    paths = paths.flatMap((p) => values.map((value) => p.replace(param, value)));
  }
  return paths;
}

/**
 * The row count of every table, which must not move when a request is refused; the rate limiter's counters
 * are left out, since counting refused requests is their job.
 */
async function countRows(db: Db): Promise<Record<string, number>> {
  const { rate_limit_hits: _counters, ...counts } = await rowCounts(db);
  return counts;
}

function send(app: Express, route: RouteSpec, fuzz: FuzzCase, tokens: Record<Caller, string | undefined>) {
  let test = request(app)[route.method](fuzz.path);
  const token = tokens[fuzz.caller];
  if (token) test = test.set('Authorization', `Bearer ${token}`);
  for (const [name, value] of Object.entries(fuzz.payload.headers)) test = test.set(name, value);
  return fuzz.payload.body === undefined ? test : test.send(fuzz.payload.body);
}

/** A refusal must carry `{error:{code,message}}` with a listed code, and the status that code maps to. */
function expectErrorBody(res: request.Response, where: string): void {
  const error = (res.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  expect(res.type, `${where}: content type`).to.equal('application/json');
  expect(error, `${where}: error body ${res.text.slice(0, 300)}`).to.be.an('object');
  expect(error?.code, `${where}: error code`).to.be.oneOf([...ERROR_CODES]);
  expect(error?.message, `${where}: error message`).to.be.a('string').that.is.not.empty;
  expect(res.status, `${where}: status for ${String(error?.code)}`).to.equal(
    HTTP_STATUS[error?.code as ErrorCode],
  );
}

// The route list is read when mocha collects tests, so the context is made at load time (top-level await):
// iterating apiRoutes(ctx.deps) means a route added to the app is fuzzed without touching this file.
const ctx = await createTestContext();

describe('fuzzing every API route', () => {
  let tokens: Record<Caller, string | undefined>;
  let known: Known;
  let tenantSlug: string;

  before(async () => {
    const tenant = await makeTenant(ctx.deps, { settings: { selfRegistration: true } });
    const closedTenant = await makeTenant(ctx.deps);
    const admin = await makeUser(ctx.deps, tenant, { roles: ['admin', 'platform_admin'] });
    const candidate = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
    // Ids in generated paths and bodies point at the admin, a bystander and the tenants — never the candidate,
    // so fuzzing cannot disable the account the candidate's token belongs to.
    const bystander = await makeUser(ctx.deps, tenant, { roles: ['proctor'] });
    const otherKey = jwtTokenService(randomBytes(32), TEST_ORIGIN, 900);
    tokens = {
      admin: tokenFor(ctx.deps, tenant, admin),
      candidate: tokenFor(ctx.deps, tenant, candidate),
      anonymous: undefined,
      forged: otherKey.issueAccessToken(
        { userId: admin.id, tenantId: tenant.id, tenantSlug: tenant.slug, roles: ['platform_admin'] },
        new Date(),
      ),
    };
    const certification = await makeCertification(ctx.deps, tenant, { validityMonths: 120 });
    const bank = bankFile({ networking: 1 });
    const imported = await request(ctx.app)
      .post('/api/v1/item-bank/import')
      .set('Authorization', `Bearer ${tokens.admin}`)
      .send(bank);
    expect(imported.status, JSON.stringify(imported.body)).to.equal(200);
    known = {
      ids: [admin.id, bystander.id, tenant.id, closedTenant.id, certification.id],
      slugs: [tenant.slug, closedTenant.slug, 'api', 'no-such-tenant'],
      emails: [admin.email, bystander.email, candidate.email],
      certificationId: certification.id,
      externalId: bank.items[0]!.externalId,
    };
    tenantSlug = tenant.slug;
  });
  after(() => ctx.close());

  /** Sends one request and checks the three promises: no 5xx, the error body on refusal, no writes on refusal. */
  async function expectCleanAnswer(route: RouteSpec, fuzz: FuzzCase): Promise<void> {
    const before = await countRows(ctx.deps.db);
    const res = await send(ctx.app, route, fuzz, tokens);
    const where = `${route.method.toUpperCase()} ${fuzz.path.slice(0, 200)} as ${fuzz.caller}, ${fuzz.payload.kind} → ${res.status}`;
    expect(res.status, `${where}: ${res.text.slice(0, 300)}`).to.be.below(500);
    if (res.status >= 400) {
      expectErrorBody(res, where);
      expect(await countRows(ctx.deps.db), `${where}: a refused request wrote rows`).to.deep.equal(before);
    }
  }

  for (const route of apiRoutes(ctx.deps)) {
    const seed = seedFor(route);
    it(`${route.method.toUpperCase()} ${route.path} never answers 5xx and refuses cleanly (seed ${seed})`, async function () {
      this.timeout(300_000);
      // TypeBox schemas are JSON Schema objects; read them through the structural view the generators need.
      const schema = (route.body ?? { type: 'object', properties: {} }) as JsonSchema;
      const cases = fc.record({
        // The admin (also platform admin) passes every role check, so reaches the most code.
        caller: fc.oneof(
          { arbitrary: fc.constant<Caller>('admin'), weight: 3 },
          fc.constantFrom<Caller>('candidate', 'anonymous', 'forged'),
        ),
        path: pathArb(route.path, known),
        payload: payloadArb(schema, known),
      });
      await fc.assert(
        fc.asyncProperty(cases, (fuzz) => expectCleanAnswer(route, fuzz)),
        { numRuns: RUNS, seed },
      );
    });
  }

  it('takes hostile text in every body text field and path parameter without a 5xx or a stray write', async function () {
    this.timeout(300_000);
    const failures: string[] = [];
    const attempt = async (route: RouteSpec, path: string, body: unknown, label: string) => {
      const sent =
        body === undefined
          ? payload('no body')
          : payload(label, JSON.stringify(body), { 'Content-Type': JSON_TYPE });
      await expectCleanAnswer(route, { caller: 'admin', path, payload: sent }).catch((error: Error) =>
        failures.push(error.message),
      );
    };
    for (const route of apiRoutes(ctx.deps)) {
      const schema = route.body as JsonSchema | undefined;
      for (const path of filledPaths(route.path, known, true)) {
        await attempt(route, path, schema && sampleValid(schema, known), 'a valid-looking body');
      }
      if (!schema) continue;
      for (const field of textFields(schema)) {
        for (const text of HOSTILE_TEXT) {
          for (const path of filledPaths(route.path, known, false)) {
            const body = withField(sampleValid(schema, known), field, text);
            await attempt(route, path, body, `/${field.join('/')} = ${JSON.stringify(text)}`);
          }
        }
      }
    }
    expect(failures, `${failures.length} failures:\n${failures.join('\n')}`).to.deep.equal([]);
  });

  it('takes values on and past the bounds of every body field (dates, numbers, lengths) without a 5xx or a stray write', async function () {
    this.timeout(600_000);
    const failures: string[] = [];
    for (const route of apiRoutes(ctx.deps)) {
      const schema = route.body as JsonSchema | undefined;
      if (!schema) continue;
      for (const field of leafFields(schema)) {
        for (const value of boundaryValues(field.schema)) {
          const [path] = filledPaths(route.path, known, false);
          const body = withField(sampleValid(schema, known), field.path, value);
          const label = `/${field.path.join('/')} = ${JSON.stringify(value).slice(0, 40)}`;
          const sent = payload(label, JSON.stringify(body), { 'Content-Type': JSON_TYPE });
          await expectCleanAnswer(route, { caller: 'admin', path: path!, payload: sent }).catch(
            (error: Error) => failures.push(error.message),
          );
        }
      }
    }
    expect(failures, `${failures.length} failures:\n${failures.join('\n')}`).to.deep.equal([]);
  });

  it("answers a body over the route's limit (64 KB unless it sets its own) with 413 payload_too_large on every route", async () => {
    for (const route of apiRoutes(ctx.deps)) {
      const body = JSON.stringify({
        padding: 'x'.repeat((route.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES) + 1024),
      });
      const res = await request(ctx.app)
        [route.method](concretePath(route, tenantSlug))
        .set('Authorization', `Bearer ${tokens.admin}`)
        .set('Content-Type', JSON_TYPE)
        .send(body);
      expect(res.status, `${route.method} ${route.path}`).to.equal(413);
      expect(res.body.error.code, `${route.method} ${route.path}`).to.equal('payload_too_large');
    }
  });

  it('answers malformed JSON with 400 malformed_json on every route', async () => {
    for (const route of apiRoutes(ctx.deps)) {
      const res = await request(ctx.app)
        [route.method](concretePath(route, tenantSlug))
        .set('Authorization', `Bearer ${tokens.admin}`)
        .set('Content-Type', JSON_TYPE)
        .send('{"tenant": "acme",');
      expect(res.status, `${route.method} ${route.path}`).to.equal(400);
      expect(res.body.error.code, `${route.method} ${route.path}`).to.equal('malformed_json');
    }
  });
});
