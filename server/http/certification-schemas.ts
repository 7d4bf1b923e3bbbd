import { type Static, Type } from '@sinclair/typebox';
import type { Blueprint } from '../domain/assessment/blueprint.js';
import { MAX_CERTIFICATION_TITLE_CHARS } from '../domain/credentials/name-limits.js';
import { Uuid } from './schemas.js';

const closed = { additionalProperties: false } as const;
const Count = Type.Integer({ minimum: 0, maximum: 500 });
const Length = Type.Integer({ minimum: 1, maximum: 500 });
const Theta = Type.Number({ minimum: -6, maximum: 6 });

/** A certification code as printed on credentials, e.g. ACP-A. */
export const CertificationCode = Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{1,31}$' });
// No longer than a certificate prints whole (name-limits.ts).
const Title = Type.String({ minLength: 1, maxLength: MAX_CERTIFICATION_TITLE_CHARS, pattern: '\\S' });
const Description = Type.String({ maxLength: 5000 });
const ValidityMonths = Type.Integer({ minimum: 1, maximum: 120 });

/** A new certification. */
export const DefineCertificationBody = Type.Object(
  { code: CertificationCode, title: Title, description: Description, validityMonths: ValidityMonths },
  closed,
);
/** A change to a certification (the code is permanent). */
export const CertificationPatchBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    validityMonths: Type.Optional(ValidityMonths),
  },
  closed,
);
/** A certification as the API returns it. */
export const CertificationSchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  title: Type.String(),
  description: Type.String(),
  validityMonths: Type.Integer(),
  blueprintVersion: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

const Prior = { priorMean: Theta, priorSd: Type.Number({ exclusiveMinimum: 0, maximum: 5 }) };

/** An exam blueprint (see server/domain/assessment/blueprint.ts for what each field means). */
export const BlueprintBody = Type.Object(
  {
    timeLimitMin: Type.Integer({ minimum: 1, maximum: 600 }),
    domains: Type.Array(
      Type.Object(
        {
          domain: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' }),
          title: Title,
          weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
          minCount: Type.Optional(Count),
          maxCount: Type.Optional(Count),
        },
        closed,
      ),
      { minItems: 1, maxItems: 50 },
    ),
    delivery: Type.Union([
      Type.Object(
        {
          mode: Type.Literal('fixed'),
          itemIds: Type.Array(Uuid, { minItems: 1, maxItems: 500 }),
          shuffleItems: Type.Boolean(),
          shuffleOptions: Type.Boolean(),
        },
        closed,
      ),
      Type.Object({ mode: Type.Literal('linear'), length: Length, shuffleOptions: Type.Boolean() }, closed),
      Type.Object(
        {
          mode: Type.Literal('adaptive'),
          startTheta: Theta,
          estimator: Type.Union([
            Type.Object({ method: Type.Literal('eap'), ...Prior }, closed),
            Type.Object({ method: Type.Literal('map'), ...Prior }, closed),
            Type.Object({ method: Type.Literal('mle') }, closed),
          ]),
          exposure: Type.Union([
            Type.Object({ method: Type.Literal('none') }, closed),
            Type.Object(
              { method: Type.Literal('randomesque'), k: Type.Integer({ minimum: 1, maximum: 20 }) },
              closed,
            ),
            Type.Object(
              {
                method: Type.Literal('sympson_hetter'),
                targetRate: Type.Number({ exclusiveMinimum: 0, maximum: 1 }),
              },
              closed,
            ),
          ]),
          stopping: Type.Union([
            Type.Object({ rule: Type.Literal('fixed_length'), length: Length }, closed),
            Type.Object(
              {
                rule: Type.Literal('standard_error'),
                maxSe: Type.Number({ exclusiveMinimum: 0, maximum: 2 }),
                minLength: Length,
                maxLength: Length,
              },
              closed,
            ),
            Type.Object(
              {
                rule: Type.Literal('classification'),
                confidence: Type.Number({ minimum: 0.5, exclusiveMaximum: 1 }),
                minLength: Length,
                maxLength: Length,
              },
              closed,
            ),
          ]),
          shuffleOptions: Type.Boolean(),
        },
        closed,
      ),
    ]),
    scoring: Type.Union([
      Type.Object(
        {
          method: Type.Literal('theta'),
          cutTheta: Theta,
          scale: Type.Optional(
            Type.Object(
              {
                min: Type.Number(),
                max: Type.Number(),
                passScore: Type.Number(),
                pointsPerLogit: Type.Number({ exclusiveMinimum: 0 }),
              },
              closed,
            ),
          ),
        },
        closed,
      ),
      Type.Object(
        { method: Type.Literal('percent'), passPercent: Type.Number({ minimum: 0, maximum: 100 }) },
        closed,
      ),
    ]),
    pretestCount: Type.Integer({ minimum: 0, maximum: 50 }),
  },
  closed,
);

/** Compile-time proof that a body the schema accepts is a domain Blueprint. */
export const BLUEPRINT_SCHEMA_MATCHES: [Static<typeof BlueprintBody>] extends [Blueprint] ? true : false =
  true;

/** A saved blueprint version. */
export const BlueprintSchema = Type.Object({
  version: Type.Integer(),
  definition: BlueprintBody,
  createdBy: Type.Union([Uuid, Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

const Problem = Type.Object({ path: Type.String(), message: Type.String() });
/** Whether the active bank can satisfy a blueprint. */
export const FeasibilitySchema = Type.Object({
  feasible: Type.Boolean(),
  problems: Type.Array(Problem),
  warnings: Type.Array(Problem),
});
