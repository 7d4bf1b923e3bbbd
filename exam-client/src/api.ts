import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { clearSession, getSession, type Session, setSession } from './session';
import type {
  ApiErrorBody,
  AttemptSummary,
  AttemptView,
  AuthResult,
  Blueprint,
  BlueprintVersion,
  Branding,
  Certification,
  CatalogueEntry,
  CheckEmail,
  CredentialView,
  EmailVerified,
  FeasibilityReport,
  HolderImportReport,
  Invitation,
  InvitationIssued,
  OpenedAttempt,
  ItemAction,
  ItemContentDraft,
  ItemFilters,
  ItemView,
  OutboxMessage,
  OutboxMessageSummary,
  OutboxStatus,
  Passkey,
  RevocationReason,
  Role,
  SigningKey,
  SimulationReport,
  SuspensionReason,
  Tenant,
  TenantPublic,
  TenantSettings,
  User,
  UserStatus,
} from './types';

/** A failed API call, carrying the server's `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

interface RequestOptions {
  body?: unknown;
  /** Send the bearer token, and on a 401 refresh once and retry. */
  auth?: boolean;
}

async function send(
  method: Method,
  path: string,
  body: unknown,
  token: string | null,
  accept = 'application/json',
): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.',
    );
  }
}

async function toError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as Partial<ApiErrorBody>;
    if (body.error && typeof body.error.message === 'string') {
      return new ApiError(response.status, body.error.code, body.error.message, body.error.details);
    }
  } catch {
    // Not JSON (a proxy's error page, for instance): fall through to a generic message.
  }
  return new ApiError(response.status, 'http_error', `The request failed (HTTP ${response.status}).`);
}

async function parse<T>(response: Response): Promise<T> {
  if (!response.ok) throw await toError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

let refreshing: Promise<Session | null> | null = null;

/**
 * Exchange the refresh cookie for a fresh access token. Resolves null when signed out (401).
 * Concurrent callers share one request, so a burst of 401s refreshes once.
 */
export function refreshSession(): Promise<Session | null> {
  refreshing ??= (async () => {
    try {
      const response = await send('POST', '/api/v1/auth/refresh', undefined, null);
      if (response.status === 401) {
        clearSession();
        return null;
      }
      return setSession(await parse<AuthResult>(response));
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Send with the bearer token; on a 401 refresh once and retry, then clear the session (which shows sign-in). */
async function sendAuthorised(
  method: Method,
  path: string,
  body: unknown,
  accept?: string,
): Promise<Response> {
  let response = await send(method, path, body, getSession()?.accessToken ?? null, accept);
  if (response.status === 401) {
    const refreshed = await refreshSession();
    if (refreshed) response = await send(method, path, body, refreshed.accessToken, accept);
    if (response.status === 401) clearSession();
  }
  return response;
}

/** Call the API (JSON in and out); authenticated calls refresh once on a 401, then clear the session (which shows sign-in). */
export async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
  const { body, auth = true } = options;
  if (!auth) return parse<T>(await send(method, path, body, null));
  return parse<T>(await sendAuthorised(method, path, body));
}

/** A file the API sent: its bytes, and the name its Content-Disposition gives (else the caller's fallback). */
export interface DownloadedFile {
  blob: Blob;
  filename: string;
}

/** RFC 6266: the `filename="…"` of a Content-Disposition header, when it has one. */
function dispositionFilename(header: string | null): string | null {
  const match = header ? /filename="([^"]+)"/i.exec(header) : null;
  return match?.[1] ?? null;
}

/** Fetch a file that needs the bearer token (a link cannot carry it), as a Blob to save. */
export async function downloadFile(path: string, fallbackName: string): Promise<DownloadedFile> {
  const response = await sendAuthorised('GET', path, undefined, '*/*');
  if (!response.ok) throw await toError(response);
  const filename = dispositionFilename(response.headers.get('Content-Disposition')) ?? fallbackName;
  return { blob: await response.blob(), filename };
}

const enc = encodeURIComponent;

/** Public facts about a tenant (branding, self-registration). */
export const getTenantPublic = (slug: string) =>
  request<TenantPublic>('GET', `/api/v1/tenants/${enc(slug)}/public`, { auth: false });

/** Password sign-in. */
export const login = (input: { tenant: string; email: string; password: string }) =>
  request<AuthResult>('POST', '/api/v1/auth/login', { body: input, auth: false });

/**
 * Create an account: redeeming an invitation signs the person in (AuthResult); a self-registration answers
 * "check your e-mail" (CheckEmail), whatever happened, and the e-mail says what comes next.
 */
export const register = (input: {
  tenant: string;
  email: string;
  password: string;
  displayName: string;
  invitationToken?: string;
}) => request<AuthResult | CheckEmail>('POST', '/api/v1/auth/register', { body: input, auth: false });

/** Confirm an e-mail address with the token of the link e-mailed to it. */
export const verifyEmail = (token: string) =>
  request<EmailVerified>('POST', '/api/v1/auth/verify-email', { body: { token }, auth: false });

/** E-mail the signed-in person a new link to confirm their address. */
export const requestEmailVerification = () =>
  request<{ email: string; expiresAt: string }>('POST', '/api/v1/me/email-verification', { body: {} });

/** End the session on the server (clears the refresh cookie). */
export const logout = () => request<void>('POST', '/api/v1/auth/logout', { auth: false });

/** Challenge for a passkey sign-in; without an e-mail the authenticator offers its discoverable credentials. */
export const passkeySignInOptions = (input: { tenant: string; email?: string }) =>
  request<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }>(
    'POST',
    '/api/v1/auth/passkey/options',
    { body: input, auth: false },
  );

/** Complete a passkey sign-in. */
export const passkeySignInVerify = (input: {
  tenant: string;
  challengeId: string;
  response: AuthenticationResponseJSON;
}) => request<AuthResult>('POST', '/api/v1/auth/passkey/verify', { body: input, auth: false });

/** The signed-in user and their tenant. */
export const getMe = () => request<{ user: User; tenant: Tenant }>('GET', '/api/v1/me');

/** The signed-in user's passkeys. */
export const listPasskeys = () => request<{ passkeys: Passkey[] }>('GET', '/api/v1/me/passkeys');

/** Challenge for enrolling a new passkey. */
export const passkeyEnrolmentOptions = () =>
  request<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }>(
    'POST',
    '/api/v1/me/passkeys/options',
    { body: {} },
  );

/** Store a newly created passkey. */
export const addPasskey = (input: {
  challengeId: string;
  response: RegistrationResponseJSON;
  label: string;
}) => request<{ passkey: Passkey }>('POST', '/api/v1/me/passkeys', { body: input });

/** Remove one of the signed-in user's passkeys. */
export const deletePasskey = (id: string) => request<void>('DELETE', `/api/v1/me/passkeys/${enc(id)}`);

/** Users of the admin's tenant. */
export const listUsers = () => request<{ users: User[] }>('GET', '/api/v1/users');

/** Change a member's name, roles or status (admins; an admin cannot drop their own admin role or disable themselves). */
export const updateUser = (
  id: string,
  patch: { displayName?: string; roles?: Role[]; status?: UserStatus },
) => request<{ user: User }>('PATCH', `/api/v1/users/${enc(id)}`, { body: patch });

/** What an invitation form sends. */
export interface InvitationInput {
  email: string;
  roles: Role[];
  expiresInDays?: number;
}

/** The invitations of one tenant: list, invite (e-mailed), resend (new link) and cancel. */
export interface InvitationsApi {
  list: () => Promise<{ invitations: Invitation[] }>;
  invite: (input: InvitationInput) => Promise<InvitationIssued>;
  resend: (id: string) => Promise<InvitationIssued>;
  cancel: (id: string) => Promise<{ invitation: Invitation }>;
}

/** Invitation calls under a base path: the admin's own tenant, or one tenant on the platform side. */
function invitationsAt(base: string): InvitationsApi {
  return {
    list: () => request<{ invitations: Invitation[] }>('GET', base),
    invite: (input) => request<InvitationIssued>('POST', base, { body: input }),
    resend: (id) => request<InvitationIssued>('POST', `${base}/${enc(id)}/resend`, { body: {} }),
    cancel: (id) => request<{ invitation: Invitation }>('POST', `${base}/${enc(id)}/cancel`),
  };
}

/** The admin's own tenant's invitations. */
export const ownInvitations: InvitationsApi = invitationsAt('/api/v1/invitations');

/** A tenant's invitations, managed by a platform admin (how a new tenant gets its first admin). */
export const tenantInvitations = (tenantId: string): InvitationsApi =>
  invitationsAt(`/api/v1/platform/tenants/${enc(tenantId)}/invitations`);

/** The admin's own tenant with its settings. */
export const getOwnTenant = () => request<{ tenant: Tenant }>('GET', '/api/v1/tenant');

/** Change the admin's tenant name, branding or settings. */
export const updateOwnTenant = (patch: {
  name?: string;
  branding?: Partial<Branding>;
  settings?: Partial<TenantSettings>;
}) => request<{ tenant: Tenant }>('PATCH', '/api/v1/tenant', { body: patch });

/** Every tenant on the platform (platform admins only). */
export const listTenants = () => request<{ tenants: Tenant[] }>('GET', '/api/v1/platform/tenants');

/** Create a tenant (platform admins only). */
export const createTenant = (input: { slug: string; name: string }) =>
  request<{ tenant: Tenant }>('POST', '/api/v1/platform/tenants', { body: input });

/** One tenant with its settings (platform admins only). */
export const getTenant = (id: string) =>
  request<{ tenant: Tenant }>('GET', `/api/v1/platform/tenants/${enc(id)}`);

/** Change any tenant's name, branding or settings (platform admins only). */
export const updateTenant = (
  id: string,
  patch: { name?: string; branding?: Partial<Branding>; settings?: Partial<TenantSettings> },
) => request<{ tenant: Tenant }>('PATCH', `/api/v1/platform/tenants/${enc(id)}`, { body: patch });

/**
 * One page of the bank's items (the latest version of each), filtered (authors and admins), with how many
 * match in all and every domain of the bank.
 */
export const listItems = (filters: ItemFilters = {}) => {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') query.set(name, String(value));
  }
  const qs = query.toString();
  return request<{ items: ItemView[]; total: number; domains: string[] }>(
    'GET',
    `/api/v1/items${qs ? `?${qs}` : ''}`,
  );
};

/** One item (its latest version) with every version, oldest first. */
export const getItem = (id: string) =>
  request<{ item: ItemView; versions: ItemView[] }>('GET', `/api/v1/items/${enc(id)}`);

/** Write a new item: version 1, draft. */
export const createItem = (input: { externalId?: string; content: ItemContentDraft }) =>
  request<{ item: ItemView }>('POST', '/api/v1/items', { body: input });

/**
 * Save an item's content. A draft changes in place (one in review goes back to draft); an active item gets
 * a new draft version. `baseVersion` is the latest version the author edited: a 409 says someone saved since.
 */
export const updateItem = (id: string, input: { content: ItemContentDraft; baseVersion: number }) =>
  request<{ item: ItemView }>('PUT', `/api/v1/items/${enc(id)}`, { body: input });

/** Submit, approve, reject (with a comment) or retire the item's latest version. */
export const transitionItem = (id: string, input: { action: ItemAction; comment?: string }) =>
  request<{ item: ItemView }>('POST', `/api/v1/items/${enc(id)}/transitions`, { body: input });

/** The programme's certifications (authors and admins). */
export const listCertifications = () =>
  request<{ certifications: Certification[] }>('GET', '/api/v1/certifications');

/** Define a certification (admins); a 409 names /code when the code is taken. */
export const defineCertification = (input: {
  code: string;
  title: string;
  description: string;
  validityMonths: number;
}) => request<{ certification: Certification }>('POST', '/api/v1/certifications', { body: input });

/** One certification with its current blueprint version (null before the first is saved). */
export const getCertification = (id: string) =>
  request<{ certification: Certification; blueprint: BlueprintVersion | null }>(
    'GET',
    `/api/v1/certifications/${enc(id)}`,
  );

/** Change a certification's title, description or validity (admins; the code is permanent). */
export const updateCertification = (
  id: string,
  patch: { title?: string; description?: string; validityMonths?: number },
) => request<{ certification: Certification }>('PATCH', `/api/v1/certifications/${enc(id)}`, { body: patch });

/**
 * Save a new blueprint version (admins). A 422 `blueprint_infeasible` carries what the active bank lacks as
 * details; a 400 names the JSON paths of invalid values.
 */
export const saveBlueprint = (id: string, blueprint: Blueprint) =>
  request<{ blueprint: BlueprintVersion; report: FeasibilityReport }>(
    'PUT',
    `/api/v1/certifications/${enc(id)}/blueprint`,
    { body: blueprint },
  );

/** Check a blueprint against the active bank without saving it. */
export const checkBlueprint = (blueprint: Blueprint) =>
  request<FeasibilityReport>('POST', '/api/v1/blueprints/check', { body: blueprint });

/** Simulate an adaptive exam (a saved blueprint, or the one being edited) on the active bank. */
export const runSimulation = (input: {
  certificationId?: string;
  blueprint?: Blueprint;
  examinees: number;
  seed?: number;
  population?: { mean: number; sd: number };
}) => request<{ simulation: SimulationReport }>('POST', '/api/v1/simulations', { body: input });

/** The signed-in person's credentials: issued to their account or to their e-mail address. */
export const listMyCredentials = () =>
  request<{ credentials: CredentialView[] }>('GET', '/api/v1/me/credentials');

/** The programme's credentials, newest first (admins). */
export const listCredentials = () => request<{ credentials: CredentialView[] }>('GET', '/api/v1/credentials');

/**
 * Issue a credential by hand (admins); it expires after the certification's validity. A 400 names fields
 * (`/holderEmail`…); a 404 says the certification is unknown.
 */
export const issueCredential = (input: {
  certificationId: string;
  holderName: string;
  holderEmail: string;
  issuedOn?: string;
}) => request<{ credential: CredentialView }>('POST', '/api/v1/credentials', { body: input });

/**
 * Import existing certificate holders from CSV text (admins): all or nothing. Problems come back as a
 * `validation_failed` error with one detail per problem (`/rows/<line>/<column>`); `dryRun` only checks.
 */
export const importCredentialHolders = (csv: string, options: { dryRun: boolean }) =>
  request<HolderImportReport>('POST', `/api/v1/credentials/import${options.dryRun ? '?dryRun=true' : ''}`, {
    body: { csv },
  });

/** Suspend a credential with a reason (admins); a 409 says it is already suspended or revoked. */
export const suspendCredential = (id: string, input: { reason: SuspensionReason; note?: string }) =>
  request<{ credential: CredentialView }>('POST', `/api/v1/credentials/${enc(id)}/suspend`, { body: input });

/** Reinstate a suspended credential (admins). */
export const reinstateCredential = (id: string, input: { note?: string }) =>
  request<{ credential: CredentialView }>('POST', `/api/v1/credentials/${enc(id)}/reinstate`, {
    body: input,
  });

/** Revoke a credential for good, with a reason (admins). */
export const revokeCredential = (id: string, input: { reason: RevocationReason; note?: string }) =>
  request<{ credential: CredentialView }>('POST', `/api/v1/credentials/${enc(id)}/revoke`, { body: input });

/** The programme's credential signing keys, public facts only (admins). */
export const listSigningKeys = () => request<{ keys: SigningKey[] }>('GET', '/api/v1/signing-keys');

/** Make a new signing key for new credentials; the old ones stay published so their credentials verify. */
export const rotateSigningKey = () =>
  request<{ key: SigningKey }>('POST', '/api/v1/signing-keys/rotate', { body: {} });

/** My tenant's outgoing e-mails, newest first, optionally of one status (admins). */
export const listOutbox = (status?: OutboxStatus) =>
  request<{ messages: OutboxMessageSummary[] }>(
    'GET',
    `/api/v1/outbox?limit=200${status ? `&status=${enc(status)}` : ''}`,
  );

/** One outgoing e-mail with its text and HTML bodies (admins). */
export const getOutboxMessage = (id: string) =>
  request<{ message: OutboxMessage }>('GET', `/api/v1/outbox/${enc(id)}`);

/** Certifications the candidate may sit, each with its exam and whether they may start now (and if not, why). */
export const getCatalogue = () => request<{ certifications: CatalogueEntry[] }>('GET', '/api/v1/catalogue');

/** Start a check-in: a passkey request (user verification required) bound to the attempt it will open. */
export const checkInOptions = (certificationId: string) =>
  request<{ attemptId: string; challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }>(
    'POST',
    `/api/v1/certifications/${enc(certificationId)}/check-in/options`,
    { body: {} },
  );

/** Check in with the passkey's answer (and a voucher when the exam needs one): the attempt, not yet begun. */
export const checkIn = (
  certificationId: string,
  input: { challengeId: string; response: AuthenticationResponseJSON; voucherCode?: string },
) =>
  request<{ attempt: AttemptView }>('POST', `/api/v1/certifications/${enc(certificationId)}/attempts`, {
    body: input,
  });

/** An attempt as it stands (settled first when its time ran out). */
export const getAttempt = (id: string) =>
  request<{ attempt: AttemptView }>('GET', `/api/v1/attempts/${enc(id)}`);

/** Begin a checked-in attempt: the clock starts. */
export const startAttempt = (id: string) =>
  request<OpenedAttempt>('POST', `/api/v1/attempts/${enc(id)}/start`, { body: {} });

/** Open the attempt in this window (earlier windows' saves become stale), with a fresh live-connection token. */
export const openAttemptSession = (id: string) =>
  request<OpenedAttempt>('POST', `/api/v1/attempts/${enc(id)}/session`, { body: {} });

/** The candidate's attempts and results, newest first. */
export const listMyAttempts = () => request<{ attempts: AttemptSummary[] }>('GET', '/api/v1/me/attempts');
