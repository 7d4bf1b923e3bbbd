import { type TLiteral, type TUnion, Type } from '@sinclair/typebox';
import {
  CREDENTIAL_STATUSES,
  REVOCATION_REASONS,
  SUSPENSION_REASONS,
} from '../domain/credentials/credential-status.js';
import { MAX_HOLDER_NAME_CHARS } from '../domain/credentials/name-limits.js';
import { Email, Uuid } from './schemas.js';

const closed = { additionalProperties: false } as const;
const literals = <T extends string>(values: readonly T[]) =>
  Type.Union(values.map((v) => Type.Literal(v))) as TUnion<TLiteral<T>[]>;
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD (UTC)' });
const Note = Type.String({ maxLength: 1000 });
const NullableString = Type.Union([Type.String(), Type.Null()]);
const Status = literals(CREDENTIAL_STATUSES);

/** An admin issuing a credential by hand. */
export const IssueCredentialBody = Type.Object(
  {
    certificationId: Uuid,
    holderName: Type.String({ minLength: 1, maxLength: MAX_HOLDER_NAME_CHARS, pattern: '\\S' }),
    holderEmail: Email,
    issuedOn: Type.Optional(Day),
  },
  closed,
);

/** A CSV of existing certificate holders. */
export const ImportHoldersBody = Type.Object(
  { csv: Type.String({ minLength: 1, maxLength: 2_000_000 }) },
  closed,
);
/** `?dryRun=true` checks without importing. */
export const DryRunQuery = Type.Object({ dryRun: Type.Optional(literals(['true', 'false'])) }, closed);

/** Suspension with a reason category and a private note. */
export const SuspendBody = Type.Object(
  { reason: literals(SUSPENSION_REASONS), note: Type.Optional(Note) },
  closed,
);
/** Reinstatement, with an optional note. */
export const ReinstateBody = Type.Object({ note: Type.Optional(Note) }, closed);
/** Revocation (final) with a reason category and a private note. */
export const RevokeBody = Type.Object(
  { reason: literals(REVOCATION_REASONS), note: Type.Optional(Note) },
  closed,
);

/** A credential as its holder and admins see it. */
export const CredentialSchema = Type.Object({
  id: Uuid,
  certificateId: Type.String(),
  certification: Type.Object({ id: Uuid, code: Type.String(), title: Type.String() }),
  issuer: Type.Object({ name: Type.String() }),
  holder: Type.Object({ name: Type.String(), email: Type.String(), userId: Type.Union([Uuid, Type.Null()]) }),
  status: Status,
  issuedAt: Type.String({ format: 'date-time' }),
  expiresAt: NullableString,
  suspendedAt: NullableString,
  suspensionReason: NullableString,
  revokedAt: NullableString,
  revocationReason: NullableString,
  source: literals(['manual', 'import', 'attempt']),
  attemptId: Type.Union([Uuid, Type.Null()]),
  verificationUrl: Type.String(),
  pdfSha256: Type.String(),
  downloads: Type.Object({
    certificate: Type.String(),
    badge: Type.String(),
    badgePng: Type.String(),
    signedCredential: Type.String(),
  }),
  linkedInUrl: Type.String(),
});

/** The result of a holder import. */
export const HolderImportReportSchema = Type.Object({
  dryRun: Type.Boolean(),
  imported: Type.Integer(),
  holders: Type.Array(
    Type.Object({
      line: Type.Integer(),
      email: Type.String(),
      certificationCode: Type.String(),
      certificateId: Type.String(),
      legacyId: NullableString,
    }),
  ),
});

/** A signing key as admins see it (never the private half). */
export const SigningKeySchema = Type.Object({
  kid: Type.String(),
  alg: Type.String(),
  status: literals(['active', 'retired']),
  createdAt: Type.String(),
  retiredAt: NullableString,
});

/** What a verifier sees of a credential. */
export const PublicCredentialSchema = Type.Object({
  certificateId: Type.String(),
  status: Status,
  valid: Type.Boolean(),
  holderName: NullableString,
  certification: Type.Object({ code: Type.String(), title: Type.String() }),
  issuer: Type.Object({
    id: Type.String(),
    name: Type.String(),
    logoUrl: NullableString,
    primaryColor: Type.String(),
  }),
  issuedAt: Type.String(),
  expiresAt: NullableString,
  suspendedAt: NullableString,
  revokedAt: NullableString,
  revocationReason: NullableString,
  verificationUrl: Type.String(),
  signedCredentialUrl: Type.String(),
  legacyId: NullableString,
});

const idVerificationFields = {
  outcome: literals(['found', 'not_found', 'check_failed']),
  message: Type.Optional(Type.String()),
  credential: Type.Optional(PublicCredentialSchema),
};
/** The answer for one certificate ID. */
export const IdVerificationSchema = Type.Object(idVerificationFields);
/** The answer for one of several IDs, with the ID as asked. */
export const BulkVerificationSchema = Type.Object({ id: Type.String(), ...idVerificationFields });

/** A certificate ID as typed (any case, spaces or dashes). */
export const CertificateIdParams = Type.Object(
  { certificateId: Type.String({ minLength: 1, maxLength: 80 }) },
  closed,
);

/** A signed credential to verify. */
export const VerifySignedBody = Type.Object(
  { credential: Type.String({ minLength: 1, maxLength: 65_536 }) },
  closed,
);

/** Up to 100 certificate IDs. */
export const BulkVerifyBody = Type.Object(
  { ids: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { minItems: 1, maxItems: 100 }) },
  closed,
);

const Check = Type.Object({ ok: Type.Boolean(), message: Type.String() });
/** The verdict on a signed credential. */
export const SignedVerificationSchema = Type.Object({
  valid: Type.Boolean(),
  reason: NullableString,
  checks: Type.Object({
    format: Check,
    issuerKey: Check,
    signature: Check,
    dates: Type.Union([Check, Type.Null()]),
    status: Type.Union([Check, Type.Null()]),
  }),
  credential: Type.Union([PublicCredentialSchema, Type.Null()]),
});
