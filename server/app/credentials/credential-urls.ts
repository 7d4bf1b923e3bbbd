/** The public addresses a credential and its issuer are known by; all derive from PUBLIC_URL. */
export interface CredentialUrls {
  readonly issuerId: (slug: string) => string;
  readonly issuerJwks: (slug: string) => string;
  readonly achievementId: (slug: string, code: string) => string;
  readonly statusList: (slug: string) => string;
  readonly verification: (certificateId: string) => string;
  readonly signedCredential: (certificateId: string) => string;
}

/** The URL scheme under a public origin. */
export function credentialUrls(publicUrl: string): CredentialUrls {
  const base = publicUrl.replace(/\/+$/, '');
  const issuer = (slug: string) => `${base}/issuers/${encodeURIComponent(slug)}`;
  return {
    issuerId: issuer,
    issuerJwks: (slug) => `${issuer(slug)}/jwks.json`,
    achievementId: (slug, code) => `${issuer(slug)}/achievements/${encodeURIComponent(code)}`,
    statusList: (slug) => `${issuer(slug)}/status/revocation`,
    verification: (id) => `${base}/verify/${id}`,
    signedCredential: (id) => `${base}/verify/${id}/credential.jwt`,
  };
}
