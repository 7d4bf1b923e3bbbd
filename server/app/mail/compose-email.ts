import {
  type CompiledMailTemplate,
  escapeHtml,
  fillTemplate,
  loadMailTemplates,
  type MailTemplateSet,
} from '../../adapters/mail-templates.js';
import { brandAccent, relativeLuminance } from '../../domain/tenants/brand-colour.js';
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

/** Values every template may use, whatever its kind: the tenant's name and colours. */
export const COMMON_PLACEHOLDERS = ['tenantName', 'primaryColor', 'onPrimaryColor'] as const;

/** The placeholders each kind's template may use (its values, then the common ones). */
export const EMAIL_PLACEHOLDERS: { readonly [K in EmailKind]: readonly string[] } = {
  invitation: ['inviterName', 'roles', 'url', 'expiresOn', ...COMMON_PLACEHOLDERS],
  'email-verification': ['displayName', 'url', 'expiresOn', ...COMMON_PLACEHOLDERS],
  'registration-exists': ['signInUrl', 'resetHint', ...COMMON_PLACEHOLDERS],
  'credential-issued': [
    'holderName',
    'certificationTitle',
    'certificateId',
    'verifyUrl',
    'credentialsUrl',
    'expiresOn',
    ...COMMON_PLACEHOLDERS,
  ],
};

/** Every e-mail kind. */
export const EMAIL_KINDS = Object.keys(EMAIL_PLACEHOLDERS) as EmailKind[];

let shipped: MailTemplateSet | undefined;

/**
 * The shipped templates (mail-templates/), read and checked once. Boot calls this so that a broken template
 * stops the start with a message naming the file; later calls return the same set.
 */
export function mailTemplates(): MailTemplateSet {
  shipped ??= loadMailTemplates(EMAIL_PLACEHOLDERS);
  return shipped;
}

/** Black or white, whichever reads better on `hex` (WCAG relative luminance). */
function textColourOn(hex: string): string {
  return relativeLuminance(hex) > 0.179 ? '#111111' : '#ffffff';
}

/** The tenant's frame around the template's HTML: its logo (or name) in its colour, and a closing line. */
function brandedPage(tenant: TenantRow, colour: string, body: string): string {
  const name = escapeHtml(tenant.name);
  const logo = tenant.branding.logoUrl && /^https?:\/\//.test(tenant.branding.logoUrl);
  const header = logo
    ? `<img src="${escapeHtml(tenant.branding.logoUrl!)}" alt="${name}" style="max-height:48px;max-width:240px">`
    : `<span style="font-size:20px;font-weight:bold;color:${colour}">${name}</span>`;
  return [
    '<!doctype html><html><body style="margin:0;padding:0;background:#f4f5f7">',
    '<div style="max-width:560px;margin:0 auto;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1d2939">',
    `<div style="border-bottom:4px solid ${colour};padding-bottom:12px;margin-bottom:16px">${header}</div>`,
    body,
    `<p style="margin-top:32px;font-size:13px;color:#667085">${name}</p>`,
    '</div></body></html>',
  ].join('');
}

/** Renders a compiled template with the tenant's values: subject and text as written, HTML escaped and framed. */
export function renderTemplate(
  tenant: TenantRow,
  template: CompiledMailTemplate,
  values: Readonly<Record<string, string | null>>,
): EmailContent {
  const colour = brandAccent(tenant.branding.primaryColor);
  const all = {
    ...values,
    tenantName: tenant.name,
    primaryColor: colour,
    onPrimaryColor: textColourOn(colour),
  };
  const asIs = (value: string) => value;
  return {
    // A header is one line: a value with a line break must not end it (or add headers).
    subject: fillTemplate(template.subject, all, (value) => value.replace(/[\r\n]+/g, ' ')).trim(),
    text: fillTemplate(template.text, all, asIs),
    html: brandedPage(tenant, colour, fillTemplate(template.html, all, escapeHtml)),
  };
}

/** Renders one e-mail of a kind from the tenant's template (its own, else the default) in its branding. */
export function renderEmail<K extends EmailKind>(
  tenant: TenantRow,
  kind: K,
  values: EmailTemplates[K],
  templates: MailTemplateSet = mailTemplates(),
): EmailContent {
  return renderTemplate(tenant, templates.find(tenant.slug, kind), values);
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
