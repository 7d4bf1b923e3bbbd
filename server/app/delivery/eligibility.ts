import { credentialStatusAt, isValidStatus } from '../../domain/credentials/credential-status.js';
import {
  type CandidatePolicy,
  DEFAULT_CANDIDATE_POLICY,
  decideEligibility,
  type EligibilityVerdict,
  WAIVABLE_RULES,
  type WaivableRule,
} from '../../domain/policies/eligibility.js';
import type { CertificationRow } from '../../persistence/repositories/certifications.js';
import type { CandidateRecord } from '../../persistence/repositories/eligibility.js';

/** A certification's candidate policy: what the admin set, over the defaults. */
export function candidatePolicyOf(certification: CertificationRow): CandidatePolicy {
  return {
    ...DEFAULT_CANDIDATE_POLICY,
    ...(certification.candidatePolicy as Partial<CandidatePolicy> | null),
  };
}

/** The verdict of the rules for one certification, from a loaded record. */
export function eligibilityFor(
  certification: CertificationRow,
  record: CandidateRecord,
  titles: ReadonlyMap<string, string>,
  now: Date,
): EligibilityVerdict {
  return decideEligibility({
    certificationId: certification.id,
    policy: candidatePolicyOf(certification),
    attempts: record.attempts.filter((a) => a.certificationId === certification.id),
    credentials: record.credentials.map((c) => ({
      certificationId: c.certificationId,
      valid: isValidStatus(credentialStatusAt(c, now)),
      expiresAt: c.expiresAt,
    })),
    exceptions: new Set(
      record.exceptions
        .filter((e) => e.certificationId === certification.id)
        .map((e) => e.rule as WaivableRule)
        .filter((rule) => (WAIVABLE_RULES as readonly string[]).includes(rule)),
    ),
    titles,
    now,
  });
}
