/** Shapes of the JSON the Certamen HTTP API returns (see server/http/routes). */
import type { Blueprint } from '../../server/domain/assessment/blueprint.js';
import type { FeasibilityReport } from '../../server/domain/assessment/feasibility.js';
import type {
  CredentialStatus,
  RevocationReason,
  SuspensionReason,
} from '../../server/domain/credentials/credential-status.js';
import type { Role } from '../../server/domain/identity/roles.js';
import type { ItemContent, ItemType } from '../../server/domain/items/item.js';
import type { ItemAction, ItemStatus } from '../../server/domain/items/lifecycle.js';
import type { AttemptStatus } from '../../server/domain/assessment/attempt.js';
import type { DomainFeedback, DomainRating } from '../../server/domain/assessment/attempt-result.js';
import type { CandidateItem } from '../../server/domain/items/present-item.js';

/** Roles a user can hold inside a tenant (the server's pure domain list, shared rather than copied). */
/** Item content, types, statuses and workflow moves: the server's pure domain types, shared rather than copied. */
export type { ItemAction, ItemContent, ItemStatus, ItemType, Role };

/** Whether a member may sign in. */
export type UserStatus = 'active' | 'disabled';

/** A signed-in principal, or a member of a tenant, as the API presents it. */
export interface User {
  id: string;
  email: string;
  displayName: string;
  roles: Role[];
  status: UserStatus;
  /** When the person confirmed their address (an e-mailed link or an accepted invitation); null until then. */
  emailVerifiedAt: string | null;
  createdAt: string;
}

/** Visual identity of a tenant. */
export interface Branding {
  logoUrl: string | null;
  primaryColor: string;
}

/** What anyone may know about a tenant before signing in. */
export interface TenantPublic {
  slug: string;
  name: string;
  branding: Branding;
  selfRegistration: boolean;
}

/** How much of a credential holder's name the public verification page shows. */
export type VerificationPrivacy = 'full' | 'initials' | 'hidden';

/** What a tenant's admins decide about registration and public verification. */
export interface TenantSettings {
  selfRegistration: boolean;
  verificationPrivacy: VerificationPrivacy;
}

/** A tenant as an authenticated member or a platform admin sees it. */
export interface Tenant {
  id: string;
  slug: string;
  name: string;
  branding: Branding;
  settings: TenantSettings;
}

/** Where an invitation stands: open ones are pending or expired; cancel answers it cancelled. */
export type InvitationState = 'pending' | 'expired' | 'accepted' | 'cancelled';

/** An invitation into a tenant, as admins see it. */
export interface Invitation {
  id: string;
  email: string;
  roles: Role[];
  state: InvitationState;
  /** Who sent it; displayName is null when their account is not visible from this tenant. */
  invitedBy: { id: string; displayName: string | null };
  createdAt: string;
  /** When it was last e-mailed (creation or the latest resend). */
  sentAt: string;
  expiresAt: string;
}

/** An invitation just sent (or sent again): the one-time token, and the registration link that carries it. */
export interface InvitationIssued {
  invitation: Invitation;
  token: string;
  url: string;
}

/** Body of every successful sign-in, registration or refresh. */
export interface AuthResult {
  accessToken: string;
  user: User;
}

/** The answer to every self-registration, whether or not the address had an account: look in your inbox. */
export interface CheckEmail {
  status: 'check_email';
  email: string;
  message: string;
}

/** An address confirmed through its e-mailed link. */
export interface EmailVerified {
  tenant: string;
  email: string;
  verifiedAt: string;
  credentialsLinked: number;
}

/** A passkey enrolled by the signed-in user. */
export interface Passkey {
  id: string;
  label: string;
  createdAt: string;
  lastUsedAt: string | null;
  deviceType: string;
  backedUp: boolean;
}

/** Error body the API sends with every 4xx/5xx. */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** One problem the API found in a request: a JSON pointer (e.g. `/content/options/1/text`), a rule and prose. */
export interface ErrorDetail {
  path: string;
  rule?: string;
  message: string;
}

/** An item version as authors and reviewers see it (key and IRT parameters included). */
export interface ItemView {
  id: string;
  externalId: string;
  version: number;
  latestVersion: number;
  activeVersion: number | null;
  status: ItemStatus;
  content: ItemContent;
  irtSource: string | null;
  authorId: string | null;
  reviewerId: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  createdAt: string;
  updatedAt: string;
}

/**
 * Content as the editor sends it: the server is the judge of validity, so an unfinished item (no key chosen
 * yet, an empty option) is still sent and comes back with errors that name each field.
 */
export type ItemContentDraft = { type: ItemType } & Record<string, unknown>;

/** Filters of the item list. */
export interface ItemFilters {
  status?: ItemStatus;
  domain?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

/** Exam blueprints and the feasibility verdict: the server's pure domain types, shared rather than copied. */
export type { Blueprint, FeasibilityReport };

/** A certification as the API returns it; `blueprintVersion` is null until a blueprint is saved. */
export interface Certification {
  id: string;
  code: string;
  title: string;
  description: string;
  validityMonths: number;
  blueprintVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

/** A saved blueprint version. */
export interface BlueprintVersion {
  version: number;
  definition: Blueprint;
  createdBy: string | null;
  createdAt: string;
}

/** The figures of a simulation study (θ in logits, rates in 0–1, times in ms and s). */
export interface SimulationReport {
  examinees: number;
  rmse: number;
  bias: number;
  meanSE: number;
  meanLength: number;
  correlation: number;
  rmseBound: number;
  maxExposure: number;
  exposureChi2: number;
  classificationAccuracy?: number;
  msPerItemMean: number;
  msPerItemP99: number;
  wallSeconds: number;
  seed: number;
  bankSize: number;
  blueprintVersion: number | null;
}

/** Credential statuses and standing reasons: the server's pure domain types, shared rather than copied. */
export type { CredentialStatus, RevocationReason, SuspensionReason };

/** A credential as its holder and the programme's admins see it (status computed when asked). */
export interface CredentialView {
  id: string;
  /** The ID printed on the certificate, which verifiers type in. */
  certificateId: string;
  certification: { id: string; code: string; title: string };
  issuer: { name: string };
  holder: { name: string; email: string; userId: string | null };
  status: CredentialStatus;
  issuedAt: string;
  /** Null when the credential does not expire. */
  expiresAt: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  source: 'manual' | 'import' | 'attempt';
  attemptId: string | null;
  /** The public verification page, `<PUBLIC_URL>/verify/<certificateId>`. */
  verificationUrl: string;
  pdfSha256: string;
  /** API paths of the holder's files (Bearer auth): the PDF, the baked badge (SVG and PNG), the VC-JWT. */
  downloads: { certificate: string; badge: string; badgePng: string; signedCredential: string };
  /** LinkedIn's "Add licence or certification" link, prefilled. */
  linkedInUrl: string;
}

/** One holder a CSV import made (or, on a dry run, would make: `certificateId` is then ''). */
export interface ImportedHolder {
  /** The line of the CSV the holder came from. */
  line: number;
  email: string;
  certificationCode: string;
  certificateId: string;
  legacyId: string | null;
}

/** What a holder import did, or would do on a dry run. */
export interface HolderImportReport {
  dryRun: boolean;
  imported: number;
  holders: ImportedHolder[];
}

/** A key that signs the programme's credentials (public facts only). */
export interface SigningKey {
  kid: string;
  alg: string;
  status: 'active' | 'retired';
  createdAt: string;
  retiredAt: string | null;
}

/** Where an outgoing e-mail stands: waiting to be sent (or kept, with no SMTP server), sent, or given up. */
export type OutboxStatus = 'pending' | 'sent' | 'failed';

/** An outgoing e-mail as the outbox list shows it. */
export interface OutboxMessageSummary {
  id: string;
  channel: 'email' | 'webhook' | 'socket';
  topic: string;
  recipient: string;
  subject: string | null;
  status: OutboxStatus;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
}

/** One outgoing e-mail with its bodies. */
export interface OutboxMessage extends OutboxMessageSummary {
  text: string | null;
  html: string | null;
}

/** Attempt statuses, per-domain feedback and the candidate's view of an item: the server's pure domain types. */
export type { AttemptStatus, CandidateItem, DomainFeedback, DomainRating };

/** How an exam is delivered: a fixed form, a linear form assembled per candidate, or adaptive. */
export type ExamMode = 'fixed' | 'linear' | 'adaptive';

/** An answer as the player sends it; its shape follows the item type ({optionId}, {optionIds}, {value}…). */
export type Answer = Record<string, unknown>;

/** A certification in the candidate's catalogue, with whether they may start it now and, if not, why. */
export interface CatalogueEntry {
  id: string;
  code: string;
  title: string;
  description: string;
  exam: { mode: ExamMode; timeLimitMin: number; questions: { min: number; max: number } };
  eligibility: {
    eligible: boolean;
    /** The rules in the way, each in the server's words ("You may retake from …"). */
    reasons: { rule: string; message: string; from: string | null }[];
    earliestStart: string | null;
    voucherRequired: boolean;
    /** An attempt already checked in or under way: resume it rather than start another. */
    liveAttemptId: string | null;
  };
  /** Titles of the certifications required first. */
  prerequisites: string[];
}

/** A scored attempt's result as the candidate reads it. */
export interface AttemptResultView {
  passed: boolean;
  scaledScore: number | null;
  percentCorrect: number;
  summary: string;
  domains: DomainFeedback[];
  earliestRetakeAt: string | null;
  credentialId: string | null;
  scoredAt: string;
}

/** One question of a fixed or linear form with the answer and review mark as stored. */
export interface FormPosition {
  position: number;
  item: CandidateItem;
  answer: Answer | null;
  marked: boolean;
}

/** An attempt as its candidate sees it (no key, no IRT parameter). */
export interface AttemptView {
  id: string;
  certificationId: string;
  certificationTitle: string;
  mode: ExamMode;
  status: AttemptStatus;
  navigation: 'free' | 'forward_only';
  /** The window holding the attempt: every save carries it. */
  epoch: number;
  /** The highest save sequence number stored. */
  lastSeq: number;
  serverTime: string;
  checkedInAt: string;
  startedAt: string | null;
  deadline: string | null;
  /** Time left when the server answered (frozen while paused); null before the start. */
  remainingMs: number | null;
  allowedMs: number;
  breaksAllowed: number;
  breaksTaken: number;
  /** When the current break ends by itself and the clock runs again; null unless on a break. */
  breakEndsAt: string | null;
  answered: number;
  questions: { min: number; max: number };
  /** Adaptive: the question asked now. */
  current: { position: number; item: CandidateItem } | null;
  /** Fixed and linear: every question with its answer as it stands. */
  form: FormPosition[] | null;
  result: AttemptResultView | null;
  voidReason: string | null;
}

/** An attempt and a token that opens its live connection (ten minutes). */
export interface OpenedAttempt {
  attempt: AttemptView;
  attemptToken: string;
}

/** A line of the candidate's history. */
export interface AttemptSummary {
  id: string;
  certificationId: string;
  certificationTitle: string;
  status: AttemptStatus;
  checkedInAt: string;
  finishedAt: string | null;
  result: AttemptResultView | null;
  voidReason: string | null;
}
