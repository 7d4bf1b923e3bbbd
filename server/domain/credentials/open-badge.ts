/**
 * Builds the Open Badges 3.0 `OpenBadgeCredential` (VC Data Model 2.0 shape) and its VC-JWT claims.
 *
 * OB 3.0 §8.2 (VC-JWT): the JWT payload is the credential itself, with the registered claims `iss`
 * (issuer.id), `jti` (id), `sub` (credentialSubject.id), `nbf` (validFrom) and `exp` (validUntil) beside it;
 * the header names the signing key with `kid`. Pure: the caller supplies ids, salt and hash.
 */

/** The contexts OB 3.0 requires, in order: W3C VC v2, then OB v3p0. */
export const OB3_CONTEXTS = [
  'https://www.w3.org/ns/credentials/v2',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
] as const;

/** Where the official JSON Schema for achievement credentials is published (`credentialSchema`). */
export const OB3_SCHEMA_URL =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** The issuing programme as it appears in credentials. */
export interface IssuerFacts {
  /** URL of the issuer profile document (it links the tenant's JWKS). */
  readonly id: string;
  readonly name: string;
  readonly url: string;
  readonly imageUrl: string | null;
}

/** The certification the credential attests. */
export interface AchievementFacts {
  readonly id: string;
  readonly code: string;
  readonly name: string;
  readonly description: string;
}

/** Everything one credential says. */
export interface CredentialFacts {
  /** `urn:uuid:…` of the credential; also the JWT `jti`. */
  readonly id: string;
  readonly certificateId: string;
  readonly issuer: IssuerFacts;
  readonly achievement: AchievementFacts;
  /** `urn:uuid:…` standing for the holder in this credential only; also the JWT `sub`. */
  readonly subjectId: string;
  readonly holderName: string;
  /** How the holder earned it: by passing the exam, carried over from earlier records, or awarded by hand. */
  readonly earnedBy: EarnedBy;
  /** `sha256$<hex>` of the holder's e-mail followed by the salt (OB 3.0 IdentityObject). */
  readonly emailHash: string;
  readonly emailSalt: string;
  readonly validFrom: Date;
  readonly validUntil: Date | null;
  readonly verificationUrl: string;
  /** Bitstring Status List entry for revocation, when the tenant publishes one. */
  readonly status: { readonly listUrl: string; readonly index: number } | null;
}

/** How a credential was earned: a passed exam attempt, an import of earlier records, or an award by hand. */
export type EarnedBy = 'attempt' | 'import' | 'manual';

/**
 * The signed sentence on how this holder earned the certification (OB 3.0 Criteria.narrative). It is
 * part of what the issuer attests, so it must not claim an exam for a credential that had none.
 */
export function criteriaNarrative(
  achievement: Pick<AchievementFacts, 'name' | 'code'>,
  earnedBy: EarnedBy,
): string {
  const certification = `${achievement.name} (${achievement.code})`;
  switch (earnedBy) {
    case 'attempt':
      return `Passed the ${certification} certification exam.`;
    case 'import':
      return `Holds the ${certification} certification, carried over from the issuer's earlier records.`;
    case 'manual':
      return `Awarded the ${certification} certification by the issuer.`;
  }
}

/** An OB 3.0 credential as JSON. */
export type OpenBadgeCredential = Record<string, unknown>;

/** JWT registered claims derived from a credential. */
export interface VcJwtClaims {
  readonly iss: string;
  readonly jti: string;
  readonly sub: string;
  readonly nbf: number;
  readonly exp?: number;
}

/** XML Schema dateTime without milliseconds, as credentials conventionally carry it. */
export function credentialDate(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The OB 3.0 credential for the facts (a new object each call). */
export function buildOpenBadgeCredential(facts: CredentialFacts): OpenBadgeCredential {
  const { issuer, achievement } = facts;
  return {
    '@context': [...OB3_CONTEXTS],
    id: facts.id,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${achievement.name} (${achievement.code})`,
    issuer: {
      id: issuer.id,
      type: ['Profile'],
      name: issuer.name,
      url: issuer.url,
      ...(issuer.imageUrl ? { image: { id: issuer.imageUrl, type: 'Image' } } : {}),
    },
    validFrom: credentialDate(facts.validFrom),
    ...(facts.validUntil ? { validUntil: credentialDate(facts.validUntil) } : {}),
    credentialSubject: {
      id: facts.subjectId,
      type: ['AchievementSubject'],
      identifier: [
        {
          type: 'IdentityObject',
          identityHash: facts.emailHash,
          identityType: 'emailAddress',
          hashed: true,
          salt: facts.emailSalt,
        },
      ],
      achievement: {
        id: achievement.id,
        type: ['Achievement'],
        achievementType: 'Certification',
        humanCode: achievement.code,
        name: achievement.name,
        description: achievement.description || achievement.name,
        criteria: { narrative: criteriaNarrative(achievement, facts.earnedBy) },
      },
      licenseNumber: facts.certificateId,
    },
    evidence: [
      {
        id: facts.verificationUrl,
        type: ['Evidence'],
        name: 'Certificate verification',
        narrative: `Certificate ${facts.certificateId} can be checked at ${facts.verificationUrl}.`,
      },
    ],
    credentialSchema: [{ id: OB3_SCHEMA_URL, type: '1EdTechJsonSchemaValidator2019' }],
    ...(facts.status
      ? {
          credentialStatus: {
            id: `${facts.status.listUrl}#${facts.status.index}`,
            type: 'BitstringStatusListEntry',
            statusPurpose: 'revocation',
            statusListIndex: String(facts.status.index),
            statusListCredential: facts.status.listUrl,
          },
        }
      : {}),
  };
}

/** The registered JWT claims that must match the credential (OB 3.0 §8.2.4). */
export function vcJwtClaims(facts: CredentialFacts): VcJwtClaims {
  const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
  return {
    iss: facts.issuer.id,
    jti: facts.id,
    sub: facts.subjectId,
    nbf: seconds(facts.validFrom),
    ...(facts.validUntil ? { exp: seconds(facts.validUntil) } : {}),
  };
}

/** The VC-JWT payload: the credential's members at the top level plus the registered claims. */
export function vcJwtPayload(facts: CredentialFacts): Record<string, unknown> {
  return { ...buildOpenBadgeCredential(facts), ...vcJwtClaims(facts) };
}

/** Why a decoded payload's registered claims disagree with the credential it carries, or null when they agree. */
export function claimsMismatch(payload: Record<string, unknown>): string | null {
  const issuer = payload.issuer as { id?: unknown } | string | undefined;
  const issuerId = typeof issuer === 'string' ? issuer : issuer?.id;
  const subject = payload.credentialSubject as { id?: unknown } | undefined;
  const toSeconds = (v: unknown) => (typeof v === 'string' ? Math.floor(Date.parse(v) / 1000) : Number.NaN);
  if (payload.iss !== issuerId) return 'iss does not match the credential issuer';
  if (payload.jti !== payload.id) return 'jti does not match the credential id';
  if (subject?.id !== undefined && payload.sub !== subject.id)
    return 'sub does not match the credential subject';
  if (payload.nbf !== toSeconds(payload.validFrom)) return 'nbf does not match validFrom';
  if (payload.validUntil !== undefined && payload.exp !== toSeconds(payload.validUntil)) {
    return 'exp does not match validUntil';
  }
  return null;
}

/** Which layout a credential's PDF certificate is drawn with, fixed at issuance so the bytes never change. */
export interface CertificateLayoutRef {
  readonly template: string;
  readonly version: number;
  readonly brandColor: string;
}
