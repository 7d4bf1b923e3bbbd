import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { loadCertificateTemplate } from '../../adapters/certificate-template.js';
import type { CredentialSigner } from '../../adapters/credential-signer.js';
import { systemRng } from '../../adapters/system-rng.js';
import { CALENDAR_RANGE_MESSAGE, isWithinCalendar } from '../../domain/calendar.js';
import {
  certificateIdFromBytes,
  certificatePrefix,
  ID_RANDOM_BYTES,
  legacyIdKey,
} from '../../domain/credentials/certificate-id.js';
import { addMonthsUtc } from '../../domain/credentials/credential-status.js';
import { type CredentialFacts, vcJwtPayload } from '../../domain/credentials/open-badge.js';
import { drawStatusListIndexes, statusListLength } from '../../domain/credentials/status-list.js';
import { DomainError } from '../../domain/errors.js';
import type { Rng } from '../../domain/psychometrics/rng.js';
import type { Executor } from '../../persistence/database.js';
import { type CertificationRow, findCertification } from '../../persistence/repositories/certifications.js';
import {
  type CredentialAliasRow,
  type CredentialRow,
  insertCredentialAliases,
  insertCredentialUnlessIndexTaken,
  takenStatusListIndexes,
} from '../../persistence/repositories/credentials.js';
import type { SigningKeyRow } from '../../persistence/repositories/signing-keys.js';
import type { TenantRow } from '../../persistence/repositories/tenants.js';
import { findUserByEmail } from '../../persistence/repositories/users.js';
import { isUniqueViolation } from '../db-errors.js';
import type { AppDeps, ChangeAuthor } from '../deps.js';
import { runUnitOfWork, type UnitOfWork } from '../unit-of-work.js';
import { drawCertificate } from './certificate-files.js';
import { credentialIssuedEmail } from './credential-issued-email.js';
import { credentialUrls } from './credential-urls.js';
import { type CredentialView, credentialView } from './credential-view.js';
import { findIssuingContext } from '../../persistence/repositories/signing-keys.js';
import { activeSigningKey } from './signing-keys.js';

/** The facts of a pass: who, which certification, when, and the attempt when there was one. */
export interface PassFacts {
  readonly certificationId: string;
  readonly holder: { readonly name: string; readonly email: string; readonly userId: string | null };
  readonly issuedAt: Date;
  /** Defaults to the issue date plus the certification's validity; imports carry their own. */
  readonly expiresAt?: Date | null;
  readonly attemptId?: string | null;
  readonly source: CredentialRow['source'];
  /** A certificate ID from another system that must keep verifying. */
  readonly legacyId?: string | null;
}

/** The tenant's status list as issuing sees it: its length, grown as draws find it crowded. */
interface StatusListState {
  length: number;
}

/** What issuing several credentials in one transaction shares: the tenant, its key and its status list. */
export interface IssuingSession {
  readonly tx: Executor;
  /** The unit of work's audit: the entry is linked into the tenant's chain just before the commit. */
  readonly audit: UnitOfWork['audit'];
  readonly tenant: TenantRow;
  readonly key: SigningKeyRow;
  readonly author: ChangeAuthor;
  readonly now: Date;
  /** Draws status-list indexes (the system's random source unless a test passes a seeded one). */
  readonly rng: Rng;
  readonly statusList: StatusListState;
  readonly certifications: Map<string, CertificationRow | undefined>;
}

/** The layout every tenant's certificates use until tenants can choose one in `credential-templates/`. */
const CERTIFICATE_TEMPLATE = 'default';

type IssuingDeps = Pick<AppDeps, 'db' | 'clock' | 'signer' | 'publicUrl'> & { readonly rng?: Rng };

/**
 * Candidates drawn per round. All eight are taken once in 256 rounds when the list is half full and once in
 * 6 when it is four-fifths full: such a round doubles the list, which so stays roughly half to four-fifths full
 * at most, without counting the tenant's credentials on every issue.
 */
const INDEX_CANDIDATES = 8;
const INDEX_ROUNDS = 16;

/**
 * Opens issuing inside a unit of work: finds (or makes) the tenant's signing key and the length of its status
 * list. It takes no tenant-wide lock: a status-list index is claimed by the credential's own insert (see
 * `issueWithin`), so a tenant's issuances, exam passes among them, run side by side.
 */
export async function openIssuing(
  uow: Pick<UnitOfWork, 'tx' | 'audit'>,
  signer: CredentialSigner,
  author: ChangeAuthor,
  now: Date,
  rng: Rng = systemRng,
): Promise<IssuingSession> {
  const { tx } = uow;
  const context = await findIssuingContext(tx, author.tenantId);
  if (!context) throw new DomainError('not_found', 'No such tenant');
  const { tenant } = context;
  // A tenant's first issuance makes its key (under the tenant's lock).
  const key = context.activeKey ?? (await activeSigningKey(tx, signer, author, now));
  const statusList = { length: statusListLength(context.highestStatusListIndex) };
  return { tx, audit: uow.audit, tenant, key, author, now, rng, statusList, certifications: new Map() };
}

/**
 * Random status-list indexes no credential holds yet, in the order drawn (W3C Bitstring Status List: random,
 * so the list shows neither issue order nor volume). A round whose candidates are all taken doubles the list.
 */
async function* freeStatusListIndexes(session: IssuingSession): AsyncGenerator<number, never> {
  const list = session.statusList;
  for (let round = 0; round < INDEX_ROUNDS; round++) {
    const candidates = [...new Set(drawStatusListIndexes(session.rng, list.length, INDEX_CANDIDATES))];
    const taken = new Set(await takenStatusListIndexes(session.tx, session.tenant.id, candidates));
    const free = candidates.filter((index) => !taken.has(index));
    if (free.length === 0) list.length *= 2;
    yield* free;
  }
  throw new Error(`No free status-list index found in ${INDEX_ROUNDS} rounds of ${INDEX_CANDIDATES}`);
}

/** `sha256$<hex>` of the e-mail and salt, as an OB 3.0 IdentityObject carries it. */
export function hashIdentity(email: string, salt: string): string {
  return `sha256$${createHash('sha256')
    .update(email + salt)
    .digest('hex')}`;
}

/**
 * The account a credential to this address joins: only one that has proven it reads the address. An account
 * that confirms its address later gets the credential then: the account is read under a share lock, so a
 * confirmation under way is waited for (and seen), or waits for this issuance to commit and then links it.
 */
async function verifiedAccountOf(tx: Executor, tenantId: string, email: string): Promise<string | null> {
  const account = await findUserByEmail(tx, tenantId, email, 'share');
  return account?.emailVerifiedAt ? account.id : null;
}

/**
 * Issues one credential within an open issuing session: a fresh certificate ID, the signed OB 3.0 VC-JWT,
 * the PDF certificate's hash, the stored row, a legacy alias when given, and the audit entry.
 */
export async function issueWithin(
  session: IssuingSession,
  deps: Pick<IssuingDeps, 'signer' | 'publicUrl'>,
  pass: PassFacts,
): Promise<CredentialRow> {
  const { tx, tenant, author } = session;
  let certification = session.certifications.get(pass.certificationId);
  if (!session.certifications.has(pass.certificationId)) {
    certification = await findCertification(tx, tenant.id, pass.certificationId);
    session.certifications.set(pass.certificationId, certification);
  }
  if (!certification) throw new DomainError('not_found', 'No such certification');
  if (!isWithinCalendar(pass.issuedAt)) {
    throw new DomainError('validation_failed', `The issue date ${CALENDAR_RANGE_MESSAGE}`, [
      { path: '/issuedOn', rule: 'date', message: CALENDAR_RANGE_MESSAGE },
    ]);
  }
  if (pass.issuedAt.getTime() > session.now.getTime()) {
    throw new DomainError('validation_failed', 'The issue date must not be after today', [
      { path: '/issuedOn', rule: 'not-in-future', message: 'must not be after today' },
    ]);
  }
  const email = pass.holder.email.trim().toLowerCase();
  const userId = pass.holder.userId ?? (await verifiedAccountOf(tx, tenant.id, email));
  const expiresAt =
    pass.expiresAt === undefined ? addMonthsUtc(pass.issuedAt, certification.validityMonths) : pass.expiresAt;
  if (expiresAt && expiresAt <= pass.issuedAt) {
    throw new DomainError('validation_failed', 'The expiry date must be after the issue date', [
      { path: '/expiresOn', message: 'must be after the issue date' },
    ]);
  }
  if (expiresAt && !isWithinCalendar(expiresAt)) {
    // The expiry is the issue date plus the validity unless given: name the field the caller sent.
    const detail =
      pass.expiresAt === undefined
        ? { path: '/issuedOn', message: 'plus the validity gives an expiry after 9999-12-31' }
        : { path: '/expiresOn', message: CALENDAR_RANGE_MESSAGE };
    throw new DomainError('validation_failed', `${detail.path.slice(1)} ${detail.message}`, [
      { ...detail, rule: 'date' },
    ]);
  }

  const urls = credentialUrls(deps.publicUrl);
  const id = randomUUID();
  const certificateId = certificateIdFromBytes(certificatePrefix(tenant.slug), randomBytes(ID_RANDOM_BYTES));
  const salt = randomBytes(16).toString('hex');
  // The certificate prints names and dates, not the status-list index: the renderer thread draws it while this
  // one claims the index and signs (the stored credential later draws the same bytes from its signed names).
  const template = loadCertificateTemplate(CERTIFICATE_TEMPLATE);
  const certificateLayout = {
    template: template.name,
    version: template.version,
    brandColor: tenant.branding.primaryColor,
  };
  const drawing = drawCertificate(
    { holderName: pass.holder.name, issuedAt: pass.issuedAt, expiresAt, certificateId, certificateLayout },
    {
      issuerName: tenant.name,
      certificationTitle: certification.title,
      certificationCode: certification.code,
    },
    deps.publicUrl,
  );
  // Awaited below; a failure before that must not go unhandled.
  drawing.catch(() => undefined);
  const freeIndexes = freeStatusListIndexes(session);
  const nextFreeIndex = async () => (await freeIndexes.next()).value;
  const statusListIndex = await nextFreeIndex();
  const statusAt = (index: number) => ({ listUrl: urls.statusList(tenant.slug), index });
  const facts: CredentialFacts = {
    id: `urn:uuid:${id}`,
    certificateId,
    issuer: {
      id: urls.issuerId(tenant.slug),
      name: tenant.name,
      url: deps.publicUrl,
      imageUrl: tenant.branding.logoUrl,
    },
    achievement: {
      id: urls.achievementId(tenant.slug, certification.code),
      code: certification.code,
      name: certification.title,
      description: certification.description,
    },
    subjectId: `urn:uuid:${randomUUID()}`,
    holderName: pass.holder.name,
    earnedBy: pass.source,
    emailHash: hashIdentity(email, salt),
    emailSalt: salt,
    validFrom: pass.issuedAt,
    validUntil: expiresAt,
    verificationUrl: urls.verification(certificateId),
    status: statusAt(statusListIndex),
  };
  // The signed credential names its status-list index: signed again when another index must be claimed.
  const signedAt = (index: number) => ({
    statusListIndex: index,
    vcJwt: deps.signer.sign(session.key, vcJwtPayload({ ...facts, status: statusAt(index) })),
  });
  const row: CredentialRow = {
    tenantId: tenant.id,
    id,
    certificateId,
    certificationId: certification.id,
    userId,
    holderName: pass.holder.name,
    holderEmail: email,
    subjectId: facts.subjectId,
    attemptId: pass.attemptId ?? null,
    source: pass.source,
    issuedAt: pass.issuedAt,
    expiresAt,
    suspendedAt: null,
    suspensionReason: null,
    revokedAt: null,
    revocationReason: null,
    ...signedAt(statusListIndex),
    kid: session.key.kid,
    certificateLayout,
    pdfSha256: '',
    issuedBy: author.userId,
    createdAt: session.now,
    updatedAt: session.now,
  };
  const pdf = await drawing;
  let stored = { ...row, pdfSha256: createHash('sha256').update(pdf).digest('hex') };
  // The insert itself claims the index: when a concurrent issuance claimed it first, the insert (after that one
  // commits) stores nothing, and the credential is signed again with the next free index.
  while (!(await insertCredentialUnlessIndexTaken(tx, stored))) {
    stored = { ...stored, ...signedAt(await nextFreeIndex()) };
  }
  const aliases: CredentialAliasRow[] = [];
  if (pass.legacyId) {
    const aliasKey = legacyIdKey(pass.legacyId);
    if (!aliasKey) {
      throw new DomainError(
        'validation_failed',
        `Legacy ID ${pass.legacyId} has the shape of a Certamen ID`,
        [
          {
            path: '/legacyId',
            rule: 'legacy-id-shape',
            message: 'has the shape of a Certamen certificate ID',
          },
        ],
      );
    }
    aliases.push({ aliasKey, legacyId: pass.legacyId, tenantId: tenant.id, credentialId: id });
    await insertCredentialAliases(tx, aliases);
  }
  await session.audit({
    tenantId: tenant.id,
    actorId: author.userId,
    action: 'credential.issued',
    subjectType: 'credential',
    subjectId: id,
    details: {
      certificateId,
      certificationCode: certification.code,
      holderEmail: email,
      source: pass.source,
      issuedAt: pass.issuedAt.toISOString(),
      expiresAt: expiresAt?.toISOString() ?? null,
      attemptId: pass.attemptId ?? null,
      kid: session.key.kid,
      pdfSha256: stored.pdfSha256,
      ...(pass.legacyId ? { legacyId: pass.legacyId } : {}),
    },
  });
  return stored;
}

/** How many times issuing one credential draws again after a collision on a random value. */
const ISSUE_ATTEMPTS = 3;

/**
 * Issues a credential for a pass, in one transaction. Exam delivery calls this when a passed attempt is
 * released; until then an admin issuing by hand and the legacy import do.
 */
export async function issueCredential(
  deps: IssuingDeps & Partial<Pick<AppDeps, 'outbox'>>,
  author: ChangeAuthor,
  pass: PassFacts,
): Promise<CredentialView> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runUnitOfWork(deps, author, async (uow) => {
        uow.authorize(['admin']);
        const session = await openIssuing(uow, deps.signer, author, uow.now, deps.rng);
        const row = await issueWithin(session, deps, pass);
        const certification = session.certifications.get(pass.certificationId) as CertificationRow;
        // The holder's e-mail commits with the credential (imports of legacy holders send none: they did not
        // just earn it).
        await uow.enqueue(credentialIssuedEmail(session.tenant, certification, row, deps.publicUrl));
        return credentialView({ credential: row, certification, tenant: session.tenant }, deps);
      });
    } catch (error) {
      // A random status-list index or certificate ID taken at the same moment: draw again in a new transaction.
      if (!isUniqueViolation(error) || attempt >= ISSUE_ATTEMPTS || pass.legacyId) throw error;
    }
  }
}
