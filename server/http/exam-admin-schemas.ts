import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { ATTEMPT_STATUSES } from '../domain/assessment/attempt.js';
import {
  MAX_ATTEMPTS_PER_YEAR,
  MAX_PREREQUISITES,
  MAX_RETAKE_WAIT_HOURS,
  MAX_RETAKE_WAITS,
} from '../domain/policies/candidate-policy.js';
import { type CandidatePolicy, WAIVABLE_RULES } from '../domain/policies/eligibility.js';
import { MAX_CODES_PER_POOL } from '../domain/vouchers/voucher-code.js';
import { Uuid } from './schemas.js';

// The admin side of exam delivery: candidate policies, voucher pools, accommodations, eligibility
// exceptions, and attempt reports. Request objects are closed: an unknown field is a 400.
const closed = { additionalProperties: false } as const;
const Instant = Type.String({ format: 'date-time' });
const Day = Type.String({ format: 'date', description: 'a day, YYYY-MM-DD (UTC)' });
const OrNull = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength, pattern: '\\S' });

/** A certification's rules for candidates. */
export const CandidatePolicyBody = Type.Object(
  {
    prerequisites: Type.Array(Uuid, {
      maxItems: MAX_PREREQUISITES,
      description: 'certifications (of this programme) a candidate must hold first',
    }),
    retakeWaitHours: Type.Array(Type.Integer({ minimum: 0, maximum: MAX_RETAKE_WAIT_HOURS }), {
      maxItems: MAX_RETAKE_WAITS,
      description: 'hours to wait after the 1st, 2nd, … failure since the last pass; the last repeats',
    }),
    maxAttemptsPerYear: OrNull(Type.Integer({ minimum: 1, maximum: MAX_ATTEMPTS_PER_YEAR })),
    voucherRequired: Type.Boolean(),
  },
  closed,
);

/** Compile-time proof that a body the schema accepts is a domain CandidatePolicy. */
export const POLICY_SCHEMA_MATCHES: [Static<typeof CandidatePolicyBody>] extends [CandidatePolicy]
  ? true
  : false = true;

/** A candidate policy as stored, and whether the defaults still apply. */
export const CandidatePolicySchema = Type.Object({
  certificationId: Uuid,
  policy: CandidatePolicyBody,
  custom: Type.Boolean(),
});

/** A new voucher pool. */
export const VoucherPoolBody = Type.Object(
  {
    name: Text(120),
    partnerRef: Type.Optional(OrNull(Type.String({ maxLength: 120 }))),
    expiresOn: Day,
    codes: Type.Integer({ minimum: 1, maximum: MAX_CODES_PER_POOL }),
    usesPerCode: Type.Integer({ minimum: 1, maximum: 1000 }),
  },
  closed,
);

/** A voucher pool with its counts. */
export const VoucherPoolSchema = Type.Object({
  id: Uuid,
  certificationId: Uuid,
  certificationCode: Type.String(),
  name: Type.String(),
  partnerRef: OrNull(Type.String()),
  expiresOn: Type.String({ format: 'date' }),
  expiresAt: Instant,
  expired: Type.Boolean(),
  usesPerCode: Type.Integer(),
  codes: Type.Integer(),
  used: Type.Integer(),
  remaining: Type.Integer(),
  createdAt: Instant,
});

/** Path parameters naming a user and a certification. */
export const UserCertificationParams = Type.Object({ id: Uuid, certificationId: Uuid }, closed);

/** A candidate's accommodation at one certification (omitted numbers are 0). */
export const AccommodationBody = Type.Object(
  {
    extraTimePercent: Type.Optional(Type.Integer({ minimum: 0, maximum: 300 })),
    extraTimeMinutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
    breaksAllowed: Type.Optional(Type.Integer({ minimum: 0, maximum: 20 })),
    note: Type.Optional(OrNull(Type.String({ maxLength: 1000 }))),
  },
  closed,
);

/** An accommodation as stored. */
export const AccommodationSchema = Type.Object({
  userId: Uuid,
  certificationId: Uuid,
  certificationCode: Type.String(),
  certificationTitle: Type.String(),
  extraTimePercent: Type.Integer(),
  extraTimeMinutes: Type.Integer(),
  breaksAllowed: Type.Integer(),
  note: OrNull(Type.String()),
  updatedAt: Instant,
});

/** What setting an accommodation did to the candidate's live attempt. */
export const AppliedToAttemptSchema = Type.Object({
  attemptId: Uuid,
  status: Type.Union(ATTEMPT_STATUSES.map((s) => Type.Literal(s))),
  allowedMs: Type.Integer(),
  breaksAllowed: Type.Integer(),
  deadline: OrNull(Instant),
});

/** A rule an admin may waive. */
export const WaivableRuleSchema = Type.Union(WAIVABLE_RULES.map((rule) => Type.Literal(rule)));

/** A new eligibility exception. */
export const ExceptionBody = Type.Object(
  {
    userId: Uuid,
    certificationId: Uuid,
    rule: WaivableRuleSchema,
    reason: Type.String({ minLength: 3, maxLength: 500, pattern: '\\S' }),
  },
  closed,
);

/** Filters of the open-exception list. */
export const ExceptionQuery = Type.Object(
  { userId: Type.Optional(Uuid), certificationId: Type.Optional(Uuid) },
  closed,
);

const Person = Type.Object({ id: Uuid, name: Type.String(), email: Type.String() });

/** An open eligibility exception. */
export const ExceptionSchema = Type.Object({
  id: Uuid,
  candidate: Person,
  certification: Type.Object({ id: Uuid, code: Type.String(), title: Type.String() }),
  rule: WaivableRuleSchema,
  reason: Type.String(),
  grantedBy: OrNull(Uuid),
  grantedAt: Instant,
});

/** Filters of the attempt list and its CSV. */
export const AttemptReportQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    outcome: Type.Optional(
      Type.Union([
        Type.Literal('passed'),
        Type.Literal('failed'),
        Type.Literal('voided'),
        Type.Literal('live'),
      ]),
    ),
  },
  closed,
);

/** The same with a page size for the JSON list. */
export const AttemptListQuery = Type.Object(
  {
    ...AttemptReportQuery.properties,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  closed,
);

/** An attempt as admins see it. */
export const AdminAttemptSchema = Type.Object({
  id: Uuid,
  certificationId: Uuid,
  certificationCode: Type.String(),
  candidate: Person,
  status: Type.Union(ATTEMPT_STATUSES.map((s) => Type.Literal(s))),
  mode: Type.Union([Type.Literal('fixed'), Type.Literal('linear'), Type.Literal('adaptive')]),
  checkedInAt: Instant,
  startedAt: OrNull(Instant),
  finishedAt: OrNull(Instant),
  deadline: OrNull(Instant),
  allowedMs: Type.Integer(),
  breaksAllowed: Type.Integer(),
  breaksTaken: Type.Integer(),
  answered: Type.Integer(),
  submittedBy: OrNull(
    Type.Union([Type.Literal('candidate'), Type.Literal('deadline'), Type.Literal('engine')]),
  ),
  voidReason: OrNull(Type.String()),
  technicalFault: OrNull(Type.Boolean()),
  result: OrNull(
    Type.Object({
      passed: Type.Boolean(),
      scaledScore: OrNull(Type.Number()),
      percentCorrect: Type.Number(),
      theta: OrNull(Type.Number()),
      se: OrNull(Type.Number()),
      scoredAt: Instant,
    }),
  ),
});

/** One save of an attempt's response log. */
export const LoggedResponseSchema = Type.Object({
  seq: Type.Integer(),
  position: Type.Integer(),
  itemId: Uuid,
  itemVersion: Type.Integer(),
  domain: Type.String(),
  scored: Type.Boolean(),
  answer: OrNull(Type.Record(Type.String(), Type.Unknown())),
  marked: Type.Boolean(),
  score: OrNull(Type.Number()),
  timeOnItemMs: OrNull(Type.Integer()),
  theta: OrNull(Type.Number()),
  se: OrNull(Type.Number()),
  receivedAt: Instant,
});
