import { type TSchema, Type } from '@sinclair/typebox';
import { MAX_HOLDER_NAME_CHARS } from '../domain/credentials/name-limits.js';
import { INVITATION_STATES } from '../domain/identity/invitation.js';
import { ROLES } from '../domain/identity/roles.js';

// Every object schema is closed (additionalProperties: false): an unknown field is a 400, not silently ignored.
const closed = { additionalProperties: false } as const;

/** Tenant slugs: lower-case letters, digits and dashes, as they appear in URLs. */
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$', description: 'tenant slug' });
/** An e-mail address. */
export const Email = Type.String({ format: 'email', maxLength: 254 });
/** A password; the domain checks the minimum length, the cap keeps scrypt input bounded. */
export const Password = Type.String({ minLength: 1, maxLength: 256 });
/** A person's name as shown on screens and certificates: no longer than a certificate prints whole. */
export const DisplayName = Type.String({ minLength: 1, maxLength: MAX_HOLDER_NAME_CHARS, pattern: '\\S' });
/** A role name. */
export const RoleName = Type.Union(ROLES.map((r) => Type.Literal(r)));
/**
 * An id as the API hands them out: a bare RFC 4122 UUID. (ajv's `uuid` format also accepts a `urn:uuid:`
 * prefix, which PostgreSQL's uuid type rejects, so the shape is spelled out.)
 */
export const Uuid = Type.String({
  pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
});
/** Path parameters holding one id. */
export const IdParams = Type.Object({ id: Uuid }, closed);
/** A request with no body fields. */
export const EmptyBody = Type.Object({}, closed);

/** Tenant branding (partial in patches). */
export const Branding = Type.Object(
  {
    logoUrl: Type.Union([
      Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2048 }),
      Type.Null(),
    ]),
    primaryColor: Type.String({ pattern: '^#[0-9a-fA-F]{6}$' }),
  },
  closed,
);
/** Tenant settings (partial in patches). */
export const Settings = Type.Object(
  {
    selfRegistration: Type.Boolean(),
    verificationPrivacy: Type.Union([Type.Literal('full'), Type.Literal('initials'), Type.Literal('hidden')]),
  },
  closed,
);

/** A change to a tenant's name, branding or settings (the slug is permanent). */
export const TenantPatchBody = Type.Object(
  {
    name: Type.Optional(DisplayName),
    branding: Type.Optional(Type.Partial(Branding, closed)),
    settings: Type.Optional(Type.Partial(Settings, closed)),
  },
  closed,
);

/** A user as the API returns it. */
export const UserSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleName),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  /** When the person proved they read the address (an e-mailed link, or an accepted invitation); null until then. */
  emailVerifiedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});
/** A tenant as its members see it. */
export const TenantSchema = Type.Object({
  id: Uuid,
  slug: Type.String(),
  name: Type.String(),
  branding: Branding,
  settings: Settings,
  createdAt: Type.String({ format: 'date-time' }),
});
/** A passkey as its owner sees it. */
export const PasskeySchema = Type.Object({
  id: Uuid,
  label: Type.String(),
  deviceType: Type.String(),
  backedUp: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
/** Answer of every sign-in route. */
export const SignedInSchema = Type.Object({ accessToken: Type.String(), user: UserSchema });
/** The answer to every self-registration, whether or not the address had an account. */
export const CheckEmailSchema = Type.Object({
  status: Type.Literal('check_email'),
  email: Type.String(),
  message: Type.String(),
});
/** An address confirmed through its e-mailed link. */
export const EmailVerifiedSchema = Type.Object({
  tenant: Type.String(),
  email: Type.String(),
  verifiedAt: Type.String({ format: 'date-time' }),
  credentialsLinked: Type.Integer({ minimum: 0 }),
});
/** A confirmation link sent: where to, and until when it works. */
export const VerificationLinkSentSchema = Type.Object({
  email: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});

const B64url = Type.String({ pattern: '^[A-Za-z0-9_-]*$', maxLength: 16384 });
const Transports = Type.Array(Type.String({ maxLength: 32 }), { maxItems: 8 });
const ExtensionResults = Type.Record(Type.String(), Type.Unknown());
const credentialCommon = {
  id: B64url,
  rawId: B64url,
  type: Type.Literal('public-key'),
  clientExtensionResults: ExtensionResults,
  authenticatorAttachment: Type.Optional(
    Type.Union([Type.Literal('platform'), Type.Literal('cross-platform')]),
  ),
};

/** RegistrationResponseJSON as produced by @simplewebauthn/browser's startRegistration(). */
export const RegistrationResponse = Type.Object(
  {
    ...credentialCommon,
    response: Type.Object(
      {
        clientDataJSON: B64url,
        attestationObject: B64url,
        authenticatorData: Type.Optional(B64url),
        transports: Type.Optional(Transports),
        publicKeyAlgorithm: Type.Optional(Type.Integer()),
        publicKey: Type.Optional(B64url),
      },
      closed,
    ),
  },
  closed,
);

/** AuthenticationResponseJSON as produced by @simplewebauthn/browser's startAuthentication(). */
export const AuthenticationResponse = Type.Object(
  {
    ...credentialCommon,
    response: Type.Object(
      {
        clientDataJSON: B64url,
        authenticatorData: B64url,
        signature: B64url,
        userHandle: Type.Optional(B64url),
      },
      closed,
    ),
  },
  closed,
);

/** What anyone may know about a tenant, for its sign-in page. */
export const PublicTenantSchema = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  branding: Branding,
  selfRegistration: Type.Boolean(),
});

/** An invitation as admins see it: open ones are pending or expired; cancel answers it cancelled. */
export const InvitationSchema = Type.Object({
  id: Uuid,
  email: Type.String(),
  roles: Type.Array(RoleName),
  state: Type.Union(INVITATION_STATES.map((s) => Type.Literal(s))),
  invitedBy: Type.Object({
    id: Uuid,
    /** Null when the inviter's account is not visible from this tenant. */
    displayName: Type.Union([Type.String(), Type.Null()]),
  }),
  createdAt: Type.String({ format: 'date-time' }),
  /** When it was last e-mailed (creation or the latest resend). */
  sentAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time' }),
});

/** An invitation just sent (or sent again): its one-time token and the link e-mailed to the invitee. */
export const InvitationIssuedSchema = Type.Object({
  invitation: InvitationSchema,
  token: Type.String({ minLength: 1 }),
  url: Type.String({ format: 'uri' }),
});

/** Path parameters naming a tenant and one of its invitations. */
export const TenantInvitationParams = Type.Object({ id: Uuid, invitationId: Uuid }, closed);

/** How long an invitation's link is valid. */
export const InvitationDays = Type.Integer({ minimum: 1, maximum: 90 });

// WebAuthn options are the library's JSON (W3C WebAuthn L3 §5.4, §5.5); only what callers rely on is named,
// and more fields may come (extensions, hints), so these stay open.
const open = { additionalProperties: true } as const;
const CredentialDescriptor = Type.Object(
  { id: B64url, type: Type.Literal('public-key'), transports: Type.Optional(Transports) },
  open,
);

/** Start of a passkey sign-in: PublicKeyCredentialRequestOptionsJSON and the stored challenge's id. */
export const PasskeySignInStartSchema = Type.Object({
  challengeId: Uuid,
  options: Type.Object(
    {
      challenge: B64url,
      rpId: Type.Optional(Type.String()),
      timeout: Type.Optional(Type.Integer()),
      allowCredentials: Type.Optional(Type.Array(CredentialDescriptor)),
      userVerification: Type.Optional(Type.String()),
    },
    open,
  ),
});

/** Start of a passkey enrolment: PublicKeyCredentialCreationOptionsJSON and the stored challenge's id. */
export const PasskeyRegistrationStartSchema = Type.Object({
  challengeId: Uuid,
  options: Type.Object(
    {
      challenge: B64url,
      rp: Type.Object({ name: Type.String(), id: Type.Optional(Type.String()) }, open),
      user: Type.Object({ id: B64url, name: Type.String(), displayName: Type.String() }, open),
      pubKeyCredParams: Type.Array(
        Type.Object({ alg: Type.Integer(), type: Type.Literal('public-key') }, open),
      ),
      timeout: Type.Optional(Type.Integer()),
      excludeCredentials: Type.Optional(Type.Array(CredentialDescriptor)),
      authenticatorSelection: Type.Optional(Type.Object({}, open)),
      attestation: Type.Optional(Type.String()),
    },
    open,
  ),
});

/** A JSON response schema wrapper for documentation. */
export function ok(description: string, schema?: TSchema) {
  return { description, schema };
}

/** A documented response whose body is a file of the given media type, not JSON. */
export function file(description: string, mediaType: string) {
  return { description, mediaType };
}
