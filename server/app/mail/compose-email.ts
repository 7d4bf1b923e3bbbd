import type { OutgoingMessage } from '../../persistence/repositories/outbox.js';
import type { TenantRow } from '../../persistence/repositories/tenants.js';

/** The e-mails Certamen sends, each with the values its template fills in. */
export interface EmailTemplates {
  /** An invitation to join a tenant with roles. */
  readonly invitation: { inviterName: string | null; roles: string; url: string; expiresOn: string };
  /** A link that proves the person reads this address. */
  readonly 'email-verification': { displayName: string; url: string; expiresOn: string };
  /** Someone tried to register an address that already has an account (the real outcome of a registration). */
  readonly 'registration-exists': { signInUrl: string; resetHint: string };
  /** A credential was issued to the holder. */
  readonly 'credential-issued': {
    holderName: string;
    certificationTitle: string;
    certificateId: string;
    verifyUrl: string;
    credentialsUrl: string;
    expiresOn: string | null;
  };
}

/** One of the e-mail kinds. */
export type EmailKind = keyof EmailTemplates;

/** A rendered e-mail: subject, plain text and HTML bodies. */
export interface EmailContent {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Plain words per kind: a subject, paragraphs and an optional call to action. */
function words<K extends EmailKind>(
  tenant: TenantRow,
  kind: K,
  v: EmailTemplates[K],
): { subject: string; paragraphs: string[]; action?: { label: string; url: string } } {
  switch (kind) {
    case 'invitation': {
      const x = v as EmailTemplates['invitation'];
      return {
        subject: `You are invited to ${tenant.name}`,
        paragraphs: [
          `${x.inviterName ?? 'An administrator'} invited you to join ${tenant.name} as ${x.roles}.`,
          `The invitation is valid until ${x.expiresOn}.`,
        ],
        action: { label: 'Accept the invitation', url: x.url },
      };
    }
    case 'email-verification': {
      const x = v as EmailTemplates['email-verification'];
      return {
        subject: `Confirm your e-mail address for ${tenant.name}`,
        paragraphs: [
          `Hello ${x.displayName},`,
          `Confirm that this is your address so that credentials issued to it appear in your account. The link works until ${x.expiresOn}.`,
        ],
        action: { label: 'Confirm my address', url: x.url },
      };
    }
    case 'registration-exists': {
      const x = v as EmailTemplates['registration-exists'];
      return {
        subject: `Your account at ${tenant.name}`,
        paragraphs: [
          `Someone (probably you) tried to create an account at ${tenant.name} with this address, but you already have one.`,
          x.resetHint,
        ],
        action: { label: 'Sign in', url: x.signInUrl },
      };
    }
    default: {
      const x = v as EmailTemplates['credential-issued'];
      return {
        subject: `Your ${x.certificationTitle} credential`,
        paragraphs: [
          `Congratulations, ${x.holderName}: ${tenant.name} has issued you the ${x.certificationTitle} credential.`,
          `Certificate ID: ${x.certificateId}${x.expiresOn ? `, valid until ${x.expiresOn}` : ''}. Anyone can check it at ${x.verifyUrl}.`,
        ],
        action: { label: 'See my credentials', url: x.credentialsUrl },
      };
    }
  }
}

/** Renders one e-mail of a kind in the tenant's name and colour. */
export function renderEmail<K extends EmailKind>(
  tenant: TenantRow,
  kind: K,
  values: EmailTemplates[K],
): EmailContent {
  const { subject, paragraphs, action } = words(tenant, kind, values);
  const text = [
    ...paragraphs,
    ...(action ? [`${action.label}: ${action.url}`] : []),
    `— ${tenant.name}`,
  ].join('\n\n');
  const colour = /^#[0-9a-fA-F]{6}$/.test(tenant.branding.primaryColor)
    ? tenant.branding.primaryColor
    : '#344054';
  const html = [
    `<div style="font-family:sans-serif;max-width:560px">`,
    `<p style="font-weight:bold;color:${colour}">${escapeText(tenant.name)}</p>`,
    ...paragraphs.map((p) => `<p>${escapeText(p)}</p>`),
    action
      ? `<p><a href="${escapeText(action.url)}" style="background:${colour};color:#fff;padding:8px 16px;text-decoration:none">${escapeText(action.label)}</a></p>`
      : '',
    '</div>',
  ].join('');
  return { subject, text, html };
}

/** An outbox e-mail of a kind to one address, rendered now (what the tenant's branding is at this moment). */
export function composeEmail<K extends EmailKind>(
  tenant: TenantRow,
  kind: K,
  to: string,
  values: EmailTemplates[K],
): OutgoingMessage {
  return {
    channel: 'email',
    topic: `email.${kind}`,
    recipient: to,
    tenantId: tenant.id,
    payload: { kind, ...renderEmail(tenant, kind, values) },
  };
}
