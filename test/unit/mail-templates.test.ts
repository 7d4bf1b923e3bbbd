import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  loadMailTemplates,
  MAIL_TEMPLATES_DIR,
  MailTemplateError,
} from '../../server/adapters/mail-templates.js';
import {
  composeEmail,
  EMAIL_KINDS,
  EMAIL_PLACEHOLDERS,
  type EmailTemplates,
  mailTemplates,
  renderEmail,
} from '../../server/app/mail/compose-email.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';

const tenant = (overrides: Partial<TenantRow> = {}): TenantRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  slug: 'acme',
  name: 'Acme Academy',
  branding: { logoUrl: null, primaryColor: '#0b6e4f' },
  settings: { selfRegistration: false, verificationPrivacy: 'full' },
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});

/** Values for every kind, each naming itself so the test can find it in the output. */
const SAMPLES: { [K in keyof EmailTemplates]: EmailTemplates[K] } = {
  invitation: {
    inviterName: 'Ada Admin',
    roles: 'candidate',
    url: 'http://localhost:3000/t/acme/register?invitation=tok',
    expiresOn: '2026-12-09',
  },
  'email-verification': {
    displayName: 'Casey Candidate',
    url: 'http://localhost:3000/t/acme/verify-email?token=tok',
    expiresOn: '2026-12-03',
  },
  'registration-exists': {
    signInUrl: 'http://localhost:3000/t/acme/sign-in',
    resetHint: 'Forgot your password? Ask your administrator.',
  },
  'credential-issued': {
    holderName: 'Casey Candidate',
    certificationTitle: 'Acme Cloud Associate',
    certificateId: 'ACME-7Q2M-XK4D-9PLR-T',
    verifyUrl: 'http://localhost:3000/verify/ACME-7Q2M-XK4D-9PLR-T',
    credentialsUrl: 'http://localhost:3000/t/acme/credentials',
    expiresOn: '2028-12-02',
  },
};

/** A copy of the shipped templates in a temporary folder, to add overrides or break files in. */
function templateCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mail-templates-'));
  fs.cpSync(path.join(MAIL_TEMPLATES_DIR, 'default'), path.join(dir, 'default'), { recursive: true });
  return dir;
}

function loadError(dir: string): MailTemplateError {
  try {
    loadMailTemplates(EMAIL_PLACEHOLDERS, dir);
  } catch (error) {
    expect(error).to.be.instanceOf(MailTemplateError);
    return error as MailTemplateError;
  }
  expect.fail('the templates loaded');
}

describe('e-mail templates', () => {
  it('has a shipped template for every kind, and every kind renders every value without leftover braces', () => {
    expect(EMAIL_KINDS).to.have.members([
      'invitation',
      'email-verification',
      'registration-exists',
      'credential-issued',
    ]);
    for (const kind of EMAIL_KINDS) {
      const content = renderEmail(tenant(), kind, SAMPLES[kind] as never);
      for (const part of [content.subject, content.text, content.html]) {
        expect(part, `${kind}`).to.not.match(/\{\{|\}\}/);
        expect(part, `${kind}`).to.contain('Acme Academy');
      }
      for (const value of Object.values(SAMPLES[kind])) {
        if (value) expect(content.text, `${kind} text shows ${value}`).to.contain(value);
      }
      expect(content.html).to.contain('#0b6e4f');
    }
  });

  it('escapes values in the HTML body and leaves them as written in the text body', () => {
    const name = '<script>alert("x")</script> & Co';
    const { payload } = composeEmail(
      tenant({ name: 'Acme <b>Academy</b>' }),
      'credential-issued',
      'c@x.test',
      {
        ...SAMPLES['credential-issued'],
        holderName: name,
      },
    );
    const { html, text } = payload as { html: string; text: string };
    expect(html).to.not.contain('<script>');
    expect(html).to.not.contain('<b>Academy');
    expect(html).to.contain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; Co');
    expect(text).to.contain(`Congratulations, ${name}!`);
  });

  it('keeps a subject on one line whatever the values hold', () => {
    const { subject } = renderEmail(tenant(), 'credential-issued', {
      ...SAMPLES['credential-issued'],
      certificationTitle: 'Cloud\r\nBcc: victim@example.test',
    });
    expect(subject).to.not.match(/[\r\n]/);
  });

  it('leaves out the validity line of a credential that never expires', () => {
    const content = renderEmail(tenant(), 'credential-issued', {
      ...SAMPLES['credential-issued'],
      expiresOn: null,
    });
    expect(content.text).to.not.contain('Valid until');
    expect(content.html).to.not.contain('Valid until');
    const invited = renderEmail(tenant(), 'invitation', { ...SAMPLES.invitation, inviterName: null });
    expect(invited.text).to.contain('An administrator invited you to join Acme Academy as candidate.');
  });

  it('shows the tenant logo when it has one, and its name in its colour when it has none', () => {
    const withLogo = renderEmail(
      tenant({ branding: { logoUrl: 'https://acme.example/logo.png', primaryColor: '#123456' } }),
      'invitation',
      SAMPLES.invitation,
    );
    expect(withLogo.html).to.contain('<img src="https://acme.example/logo.png" alt="Acme Academy"');
    const bad = renderEmail(
      tenant({ branding: { logoUrl: 'javascript:alert(1)', primaryColor: 'red;x:y' } }),
      'invitation',
      SAMPLES.invitation,
    );
    expect(bad.html).to.not.contain('javascript:');
    expect(bad.html).to.not.contain('red;x:y');
    expect(bad.html).to.contain('>Acme Academy</span>');
  });

  it("uses a tenant's own template where it has one, and the default elsewhere", () => {
    const dir = templateCopy();
    fs.mkdirSync(path.join(dir, 'globex'));
    fs.writeFileSync(
      path.join(dir, 'globex', 'credential-issued.json'),
      JSON.stringify({
        subject: 'Well done, {{holderName}}',
        text: 'Globex says well done. ID {{certificateId}}',
        html: '<p>Globex says well done, {{holderName}}.</p>',
      }),
    );
    const templates = loadMailTemplates(EMAIL_PLACEHOLDERS, dir);
    expect(templates.overrides).to.deep.equal({ globex: ['credential-issued'] });
    const globex = tenant({ slug: 'globex', name: 'Globex' });
    const own = renderEmail(globex, 'credential-issued', SAMPLES['credential-issued'], templates);
    expect(own.subject).to.equal('Well done, Casey Candidate');
    expect(own.text).to.equal('Globex says well done. ID ACME-7Q2M-XK4D-9PLR-T');
    expect(own.html).to.contain('<p>Globex says well done, Casey Candidate.</p>');
    const fallback = renderEmail(globex, 'invitation', SAMPLES.invitation, templates);
    expect(fallback.subject).to.equal('You are invited to join Globex');
    const acme = renderEmail(tenant(), 'credential-issued', SAMPLES['credential-issued'], templates);
    expect(acme.subject).to.equal('Your Acme Cloud Associate credential from Acme Academy');
  });

  describe('refuses a broken template when loading, naming the file', () => {
    const cases: Array<[string, (dir: string) => void, RegExp]> = [
      [
        'a placeholder its kind does not have',
        (dir) =>
          fs.writeFileSync(
            path.join(dir, 'default', 'invitation.json'),
            JSON.stringify({ subject: 'Hi {{holderName}}', text: 'x', html: 'x' }),
          ),
        /default\/invitation\.json: subject uses \{\{holderName\}\}/,
      ],
      [
        'a section never closed',
        (dir) =>
          fs.writeFileSync(
            path.join(dir, 'default', 'invitation.json'),
            JSON.stringify({ subject: 'Hi', text: '{{#inviterName}}x', html: 'x' }),
          ),
        /default\/invitation\.json: text: \{\{#inviterName\}\} is never closed/,
      ],
      [
        'a missing field',
        (dir) =>
          fs.writeFileSync(
            path.join(dir, 'default', 'invitation.json'),
            JSON.stringify({ subject: 'Hi', text: 'x' }),
          ),
        /default\/invitation\.json: .*must have required property 'html'/,
      ],
      [
        'a file that is not JSON',
        (dir) => fs.writeFileSync(path.join(dir, 'default', 'invitation.json'), '{ subject: '),
        /default\/invitation\.json: cannot be read as JSON/,
      ],
      [
        'a default kind that is missing',
        (dir) => fs.rmSync(path.join(dir, 'default', 'invitation.json')),
        /default\/: lacks invitation\.json/,
      ],
      [
        'an override for a kind that does not exist',
        (dir) => {
          fs.mkdirSync(path.join(dir, 'globex'));
          fs.writeFileSync(path.join(dir, 'globex', 'invitaton.json'), '{}');
        },
        /globex\/invitaton\.json: names no e-mail/,
      ],
    ];
    for (const [what, breakIt, message] of cases) {
      it(what, () => {
        const dir = templateCopy();
        breakIt(dir);
        expect(loadError(dir).message).to.match(message);
      });
    }
  });

  it('loads the shipped templates without complaint', () => {
    expect(() => mailTemplates()).to.not.throw();
  });
});
