import { type TSchema, Type } from '@sinclair/typebox';
import { ROLES } from '../domain/identity/roles.js';

// Every object schema is closed (additionalProperties: false): an unknown field is a 400, not silently ignored.
const closed = { additionalProperties: false } as const;

/** Tenant slugs: lower-case letters, digits and dashes, as they appear in URLs. */
export const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$', description: 'tenant slug' });
/** An e-mail address. */
export const Email = Type.String({ format: 'email', maxLength: 254 });
/** A password; the domain checks the minimum length, the cap keeps scrypt input bounded. */
export const Password = Type.String({ minLength: 1, maxLength: 256 });
/** A person's name as shown on screens and certificates. */
export const DisplayName = Type.String({ minLength: 1, maxLength: 120, pattern: '\\S' });
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
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  roles: Type.Array(RoleName),
  status: Type.Union([Type.Literal('active'), Type.Literal('disabled')]),
  createdAt: Type.String({ format: 'date-time' }),
});
/** A tenant as its members see it. */
export const TenantSchema = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  name: Type.String(),
  branding: Branding,
  settings: Settings,
  createdAt: Type.String({ format: 'date-time' }),
});
/** A passkey as its owner sees it. */
export const PasskeySchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  deviceType: Type.String(),
  backedUp: Type.Boolean(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});
/** Answer of every sign-in route. */
export const SignedInSchema = Type.Object({ accessToken: Type.String(), user: UserSchema });

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

/** A JSON response schema wrapper for documentation. */
export function ok(description: string, schema?: TSchema) {
  return { description, schema };
}
