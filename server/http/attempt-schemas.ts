import { Type } from '@sinclair/typebox';
import { ATTEMPT_STATUSES } from '../domain/assessment/attempt.js';
import { Uuid } from './schemas.js';

const closed = { additionalProperties: false } as const;
const Instant = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

/** An answer as the player sends it: an object whose shape the item's type fixes (checked against the item). */
export const AnswerSchema = Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), {
  maxProperties: 4,
  description:
    'by item type: {optionId} | {optionIds} | {value} | {value, unit} | {text} | {order} | {pairs}',
});

/** One save of the player. */
export const ResponseSaveBody = Type.Object(
  {
    epoch: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 }),
    seq: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }),
    position: Type.Integer({ minimum: 1, maximum: 1000 }),
    answer: Type.Union([AnswerSchema, Type.Null()]),
    marked: Type.Optional(Type.Boolean()),
    timeOnItemMs: Type.Optional(Type.Integer({ minimum: 0, maximum: 86_400_000 })),
  },
  closed,
);

/** A move that only names the window holding the attempt. */
export const EpochBody = Type.Object({ epoch: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1 }) }, closed);

/** The check-in: the passkey assertion, and a voucher code when the exam needs one. */
export const CheckInBody = Type.Object(
  {
    challengeId: Uuid,
    response: Type.Object({ id: Type.String({ maxLength: 1024 }) }, { additionalProperties: true }),
    voucherCode: Type.Optional(Type.String({ maxLength: 64 })),
  },
  closed,
);

/** An admin's void. */
export const VoidBody = Type.Object(
  {
    reason: Type.String({ minLength: 3, maxLength: 500, pattern: '\\S' }),
    technicalFault: Type.Boolean(),
  },
  closed,
);

const DomainFeedbackSchema = Type.Object({
  domain: Type.String(),
  title: Type.String(),
  items: Type.Integer(),
  percentCorrect: Type.Number(),
  rating: Type.Union([Type.Literal('strong'), Type.Literal('adequate'), Type.Literal('needs_work')]),
  feedback: Type.String(),
});

/** A scored result. */
export const ResultSchema = Type.Object({
  passed: Type.Boolean(),
  scaledScore: Type.Union([Type.Number(), Type.Null()]),
  percentCorrect: Type.Number(),
  summary: Type.String(),
  domains: Type.Array(DomainFeedbackSchema),
  earliestRetakeAt: Nullable(Instant),
  credentialId: Type.Union([Uuid, Type.Null()]),
  scoredAt: Instant,
});

const CandidateItemSchema = Type.Object(
  { type: Type.String(), stem: Type.String(), language: Type.String() },
  { additionalProperties: true, description: 'the item as a candidate sees it: no key, no IRT parameters' },
);

/** An attempt as its candidate sees it. */
export const AttemptSchema = Type.Object({
  id: Uuid,
  certificationId: Uuid,
  certificationTitle: Type.String(),
  mode: Type.Union([Type.Literal('fixed'), Type.Literal('linear'), Type.Literal('adaptive')]),
  status: Type.Union(ATTEMPT_STATUSES.map((s) => Type.Literal(s))),
  navigation: Type.Union([Type.Literal('free'), Type.Literal('forward_only')]),
  epoch: Type.Integer(),
  lastSeq: Type.Integer(),
  serverTime: Instant,
  checkedInAt: Instant,
  startedAt: Nullable(Instant),
  deadline: Nullable(Instant),
  remainingMs: Type.Union([Type.Integer(), Type.Null()]),
  allowedMs: Type.Integer(),
  breaksAllowed: Type.Integer(),
  breaksTaken: Type.Integer(),
  breakEndsAt: Nullable(Instant),
  answered: Type.Integer(),
  questions: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
  current: Type.Union([Type.Object({ position: Type.Integer(), item: CandidateItemSchema }), Type.Null()]),
  form: Type.Union([
    Type.Array(
      Type.Object({
        position: Type.Integer(),
        item: CandidateItemSchema,
        answer: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
        marked: Type.Boolean(),
      }),
    ),
    Type.Null(),
  ]),
  result: Type.Union([ResultSchema, Type.Null()]),
  voidReason: Type.Union([Type.String(), Type.Null()]),
});

/** A line of the candidate's history. */
export const AttemptSummarySchema = Type.Object({
  id: Uuid,
  certificationId: Uuid,
  certificationTitle: Type.String(),
  status: Type.String(),
  checkedInAt: Instant,
  finishedAt: Nullable(Instant),
  result: Type.Union([ResultSchema, Type.Null()]),
  voidReason: Type.Union([Type.String(), Type.Null()]),
});

/** A certification in the candidate's catalogue. */
export const CatalogueEntrySchema = Type.Object({
  id: Uuid,
  code: Type.String(),
  title: Type.String(),
  description: Type.String(),
  exam: Type.Object({
    mode: Type.String(),
    timeLimitMin: Type.Number(),
    questions: Type.Object({ min: Type.Integer(), max: Type.Integer() }),
  }),
  eligibility: Type.Object({
    eligible: Type.Boolean(),
    reasons: Type.Array(
      Type.Object({ rule: Type.String(), message: Type.String(), from: Nullable(Instant) }),
    ),
    earliestStart: Nullable(Instant),
    voucherRequired: Type.Boolean(),
    liveAttemptId: Type.Union([Uuid, Type.Null()]),
  }),
  prerequisites: Type.Array(Type.String()),
});

/** The start of a check-in. */
export const CheckInStartSchema = Type.Object({
  attemptId: Uuid,
  challengeId: Uuid,
  options: Type.Object({ challenge: Type.String() }, { additionalProperties: true }),
});

/** The attempt and a token for its live connection. */
export const OpenedAttemptSchema = Type.Object({ attempt: AttemptSchema, attemptToken: Type.String() });
