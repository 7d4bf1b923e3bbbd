import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { expect } from 'chai';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import request from 'supertest';
import {
  credentialSealingKey,
  localCredentialSigner,
  unseal,
} from '../../../server/adapters/credential-signer.js';
import { storedPayload } from '../../../server/app/credentials/certificate-files.js';
import { statusBitAt } from '../../../server/domain/credentials/status-list.js';
import { listAuditEntries } from '../../../server/persistence/audit-chain.js';
import { listSigningKeys } from '../../../server/persistence/repositories/signing-keys.js';
import type { TenantRow } from '../../../server/persistence/repositories/tenants.js';
import type { UserRow } from '../../../server/persistence/repositories/users.js';
import {
  createTestContext,
  TEST_KEY_ENCRYPTION_KEY,
  TEST_ORIGIN,
  type TestContext,
} from '../../support/context.js';
import { issueTestCredential, makeCertification } from '../../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../../support/factories.js';

/** The official OB 3.0 schema, a verbatim copy of ../shared/reference/ob3 (see test/fixtures/ob3/SOURCE.md). */
const OB3_SCHEMA = JSON.parse(
  fs.readFileSync(new URL('../../fixtures/ob3/achievementcredential.json', import.meta.url), 'utf8'),
);

/** The official OB 3.0 achievement credential schema, compiled as the reference's SOURCE.md says. */
function ob3Validator() {
  const ajv = new Ajv2019.default({ strictTuples: false, strict: false, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(OB3_SCHEMA);
}

/** The parts of a credential payload the tamper tests change. */
interface TamperablePayload {
  credentialSubject: { achievement: { name: string } };
  credentialStatus: { statusListIndex: string };
  issuer: { name: string };
  validUntil: string;
  exp: number;
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const parts = (jwt: string) => jwt.split('.') as [string, string, string];
const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

describe('signed credentials: OB 3.0 VC-JWT, keys, tampering and standing', () => {
  let ctx: TestContext;
  let tenant: TenantRow;
  let admin: UserRow;
  let adminToken: string;
  let certificationId: string;

  before(async () => {
    ctx = await createTestContext();
    tenant = await makeTenant(ctx.deps, { name: 'Acme Cloud Academy' });
    admin = await makeUser(ctx.deps, tenant, { roles: ['admin'] });
    adminToken = tokenFor(ctx.deps, tenant, admin);
    certificationId = (await makeCertification(ctx.deps, tenant, { code: 'ACP-A', validityMonths: 24 })).id;
  });
  after(() => ctx.close());

  async function issue(body: Record<string, unknown> = {}) {
    return request(ctx.app)
      .post('/api/v1/credentials')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({ certificationId, holderName: 'Grace Hopper', holderEmail: 'Grace@Example.test', ...body });
  }

  async function signedJwt(id: string): Promise<string> {
    const res = await request(ctx.app)
      .get(`/api/v1/credentials/${id}/credential.jwt`)
      .set('Authorization', `Bearer ${adminToken}`);
    expect(res.status).to.equal(200);
    return res.text;
  }

  const verify = (credential: string) => request(ctx.app).post('/api/v1/verify').send({ credential });

  it('issues by hand: a grouped certificate ID with a check character, expiry from the validity, audited', async () => {
    const res = await issue({ issuedOn: '2026-01-31' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    const c = res.body.credential;
    expect(c.certificateId).to.match(/^[A-Z0-9]{2,6}(-[0-9A-HJKMNP-TV-Z]{4}){3}-[0-9A-HJKMNP-TV-Z]{2}$/);
    expect(c.issuedAt).to.equal('2026-01-31T00:00:00.000Z');
    expect(c.expiresAt, '31 January + 24 months').to.equal('2028-01-31T00:00:00.000Z');
    expect(c.holder).to.deep.include({ name: 'Grace Hopper', email: 'grace@example.test' });
    expect(c.status).to.equal('active');
    const audit = await listAuditEntries(ctx.deps.db, tenant.id);
    const issued = audit.find((e) => e.action === 'credential.issued' && e.subjectId === c.id);
    expect(issued?.details).to.include({
      certificateId: c.certificateId,
      certificationCode: 'ACP-A',
      source: 'manual',
    });
    expect(audit.some((e) => e.action === 'signing_key.created')).to.equal(true);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const before = (
      await request(ctx.app).get('/api/v1/credentials').set('Authorization', `Bearer ${adminToken}`)
    ).body.credentials.length;
    const bad = await issue({ holderEmail: 'not-an-email' });
    expect(bad.status).to.equal(400);
    expect(bad.body.error.details[0].path).to.equal('/holderEmail');
    const unknown = await issue({ certificationId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).to.equal(404);
    const after = (
      await request(ctx.app).get('/api/v1/credentials').set('Authorization', `Bearer ${adminToken}`)
    ).body.credentials.length;
    expect(after).to.equal(before);
  });

  it('signs an OpenBadgeCredential that validates against the official OB 3.0 schema, with matching JWT claims', async () => {
    const { body } = await issue();
    const jwt = await signedJwt(body.credential.id);
    const header = decode(parts(jwt)[0]);
    const payload = decode(parts(jwt)[1]);
    expect(header).to.include({ alg: 'RS256', typ: 'JWT' });
    const keys = await listSigningKeys(ctx.deps.db, tenant.id);
    expect(header.kid).to.equal(keys[0]?.kid);

    const { iss, jti, sub, nbf, exp, ...credential } = payload;
    const validate = ob3Validator();
    expect(validate(credential), JSON.stringify(validate.errors)).to.equal(true);
    expect(credential['@context']).to.deep.equal([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(credential.type).to.deep.equal(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(credential.issuer).to.include({
      id: `${TEST_ORIGIN}/issuers/${tenant.slug}`,
      name: 'Acme Cloud Academy',
    });
    expect(credential.credentialSubject.type).to.deep.equal(['AchievementSubject']);
    expect(credential.credentialSubject.achievement).to.include({
      name: 'Cloud Practitioner',
      humanCode: 'ACP-A',
    });
    // Issued by hand (the test helper's source is 'manual'): the signed text claims no exam.
    expect(credential.credentialSubject.achievement.criteria.narrative).to.equal(
      'Awarded the Cloud Practitioner (ACP-A) certification by the issuer.',
    );
    const identity = credential.credentialSubject.identifier[0];
    expect(identity).to.include({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true });
    expect(identity.identityHash).to.match(/^sha256\$[0-9a-f]{64}$/);
    expect(JSON.stringify(payload), 'the e-mail is only ever hashed').not.to.include('grace@example.test');
    expect(iss).to.equal(credential.issuer.id);
    expect(jti).to.equal(credential.id);
    expect(jti).to.equal(`urn:uuid:${body.credential.id}`);
    expect(sub).to.equal(credential.credentialSubject.id);
    expect(nbf).to.equal(Math.floor(Date.parse(credential.validFrom) / 1000));
    expect(exp).to.equal(Math.floor(Date.parse(credential.validUntil) / 1000));
  });

  it('verifies independently with jose against the served JWKS only', async () => {
    const { body } = await issue();
    const jwt = await signedJwt(body.credential.id);
    const jwks = await request(ctx.app).get('/.well-known/jwks.json');
    expect(jwks.status).to.equal(200);
    for (const key of jwks.body.keys)
      expect(key, 'no private parts published').not.to.have.any.keys('d', 'p', 'q');
    const profile = await request(ctx.app).get(`/issuers/${tenant.slug}`);
    expect(profile.body.jwks_uri).to.equal(`${TEST_ORIGIN}/issuers/${tenant.slug}/jwks.json`);
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks.body), {
      algorithms: ['RS256'],
      issuer: profile.body.id,
    });
    expect(protectedHeader.alg).to.equal('RS256');
    expect(payload.jti).to.equal(`urn:uuid:${body.credential.id}`);
  });

  it('keeps private keys sealed under the key-encryption key', async () => {
    const [key] = await listSigningKeys(ctx.deps.db, tenant.id);
    if (!key) throw new Error('no key');
    expect(key.privateKeySealed).not.to.match(/PRIVATE KEY|MII/);
    const sealing = credentialSealingKey(TEST_KEY_ENCRYPTION_KEY);
    expect(unseal(sealing, key.privateKeySealed, key.kid).length).to.be.greaterThan(1000);
    expect(() => unseal(credentialSealingKey(Buffer.alloc(32, 7)), key.privateKeySealed, key.kid)).to.throw();
    expect(() => unseal(sealing, key.privateKeySealed, 'another-kid')).to.throw();
  });

  describe('tampered credentials fail with a reason', () => {
    let jwt: string;
    before(async () => {
      jwt = await signedJwt((await issue()).body.credential.id);
    });

    function withPayload(change: (p: TamperablePayload) => void): string {
      const [h, p, s] = parts(jwt);
      const payload = decode(p);
      change(payload);
      return `${h}.${b64(payload)}.${s}`;
    }

    it('accepts the untouched credential', async () => {
      const res = await verify(jwt);
      expect(res.body.valid, JSON.stringify(res.body)).to.equal(true);
    });

    for (const [what, change] of [
      [
        'a changed achievement name',
        (p: TamperablePayload) => {
          p.credentialSubject.achievement.name = 'Expert Architect';
        },
      ],
      [
        'a changed expiry date',
        (p: TamperablePayload) => {
          p.validUntil = '2099-01-01T00:00:00Z';
          p.exp = 4070908800;
        },
      ],
      [
        'a changed status entry',
        (p: TamperablePayload) => {
          p.credentialStatus.statusListIndex = '99999';
        },
      ],
      [
        'a changed issuer name',
        (p: TamperablePayload) => {
          p.issuer.name = 'Trusted Corp';
        },
      ],
    ] as const) {
      it(`refuses ${what}`, async () => {
        const res = await verify(withPayload(change));
        expect(res.body.valid).to.equal(false);
        expect(res.body.reason).to.match(/signature/i);
      });
    }

    it('refuses a changed signature', async () => {
      const [h, p, s] = parts(jwt);
      const flipped = `${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`;
      const res = await verify(`${h}.${p}.${flipped}`);
      expect(res.body).to.include({ valid: false });
      expect(res.body.checks.signature.ok).to.equal(false);
    });

    it('refuses alg: none', async () => {
      const [h, p] = parts(jwt);
      const res = await verify(`${b64({ ...decode(h), alg: 'none' })}.${p}.`);
      expect(res.body.valid).to.equal(false);
      expect(res.body.reason).to.match(/algorithm none is not accepted/);
    });

    it('refuses HS256 signed with the public key as the secret', async () => {
      const [h, p] = parts(jwt);
      const header = b64({ ...decode(h), alg: 'HS256' });
      const jwks = (await request(ctx.app).get(`/issuers/${tenant.slug}/jwks.json`)).body;
      const { createPublicKey } = await import('node:crypto');
      const pem = createPublicKey({ key: jwks.keys[0], format: 'jwk' }).export({
        type: 'spki',
        format: 'pem',
      });
      const mac = createHmac('sha256', pem).update(`${header}.${p}`).digest('base64url');
      const res = await verify(`${header}.${p}.${mac}`);
      expect(res.body.valid).to.equal(false);
      expect(res.body.reason).to.match(/HS256 is not accepted/);
    });

    it("refuses a credential pointing at another tenant's kid", async () => {
      const other = await makeTenant(ctx.deps);
      await issueTestCredential(ctx.deps, other, await makeCertification(ctx.deps, other));
      const [otherKey] = await listSigningKeys(ctx.deps.db, other.id);
      const [h, p, s] = parts(jwt);
      const res = await verify(`${b64({ ...decode(h), kid: otherKey?.kid })}.${p}.${s}`);
      expect(res.body.valid).to.equal(false);
      expect(res.body.checks.signature.ok).to.equal(false);
    });

    it("refuses a credential another tenant signed with its own key in this issuer's name", async () => {
      const other = await makeTenant(ctx.deps);
      await issueTestCredential(ctx.deps, other, await makeCertification(ctx.deps, other));
      const [otherKey] = await listSigningKeys(ctx.deps.db, other.id);
      if (!otherKey) throw new Error('no key');
      const forged = ctx.deps.signer.sign(otherKey, decode(parts(jwt)[1]));
      const res = await verify(forged);
      expect(res.body.valid).to.equal(false);
      expect(res.body.reason).to.match(/does not belong to the issuer/);
    });

    it('refuses a key this service never published, and input that is not a JWS', async () => {
      const stranger = localCredentialSigner(Buffer.alloc(32, 9));
      const material = stranger.generateKey();
      const res = await verify(stranger.sign(material, decode(parts(jwt)[1])));
      expect(res.body.reason).to.match(/not one this service publishes/);
      const junk = await verify('hello world');
      expect(junk.status).to.equal(200);
      expect(junk.body.reason).to.match(/not a signed credential/);
    });
  });

  it('rotates keys: new credentials use the new key, old ones still verify, both are published', async () => {
    const oldJwt = await signedJwt((await issue()).body.credential.id);
    const rotated = await request(ctx.app)
      .post('/api/v1/signing-keys/rotate')
      .set('Authorization', `Bearer ${adminToken}`)
      .send({});
    expect(rotated.status).to.equal(201);
    const newJwt = await signedJwt((await issue()).body.credential.id);
    expect(decodeProtectedHeader(newJwt).kid).to.equal(rotated.body.key.kid);
    expect(decodeProtectedHeader(oldJwt).kid).not.to.equal(rotated.body.key.kid);
    const jwks = await request(ctx.app).get(`/issuers/${tenant.slug}/jwks.json`);
    const kids = jwks.body.keys.map((k: { kid: string }) => k.kid);
    expect(kids).to.include.members([decodeProtectedHeader(oldJwt).kid, rotated.body.key.kid]);
    expect((await verify(oldJwt)).body.valid).to.equal(true);
    expect((await verify(newJwt)).body.valid).to.equal(true);
    const keys = await request(ctx.app)
      .get('/api/v1/signing-keys')
      .set('Authorization', `Bearer ${adminToken}`);
    expect(keys.body.keys.filter((k: { status: string }) => k.status === 'active')).to.have.length(1);
  });

  it('suspends, reinstates and revokes with a reason: audited, shown by verification at once, revocation final', async () => {
    const { body } = await issue();
    const { id, certificateId } = body.credential;
    const jwt = await signedJwt(id);
    const act = (change: string, payload: Record<string, unknown>) =>
      request(ctx.app)
        .post(`/api/v1/credentials/${id}/${change}`)
        .set('Authorization', `Bearer ${adminToken}`)
        .send(payload);
    const lookup = async () =>
      (await request(ctx.app).get(`/api/v1/verify/${certificateId}`)).body.credential;

    // A reason is never assumed: without one, nothing changes.
    for (const change of ['suspend', 'revoke']) {
      const refused = await act(change, { note: 'no reason given' });
      expect(refused.status, `${change} without a reason`).to.equal(400);
      expect(refused.body.error.details).to.deep.include({
        path: '/reason',
        rule: 'required',
        message: 'is required',
      });
    }
    expect(await lookup()).to.include({ status: 'active', valid: true });
    expect(
      (await act('suspend', { reason: 'investigation', note: 'score anomaly' })).body.credential.status,
    ).to.equal('suspended');
    expect(await lookup()).to.include({ status: 'suspended', valid: false });
    expect((await verify(jwt)).body.checks.status.ok).to.equal(false);
    expect((await act('suspend', { reason: 'investigation' })).status, 'already suspended').to.equal(409);
    expect((await act('reinstate', {})).body.credential.status).to.equal('active');
    expect(await lookup()).to.include({ status: 'active', valid: true });
    const revoked = await act('revoke', { reason: 'misconduct', note: 'proxy test-taker' });
    expect(revoked.body.credential).to.include({ status: 'revoked', revocationReason: 'misconduct' });
    const shown = await lookup();
    expect(shown).to.include({ status: 'revoked', revocationReason: 'misconduct' });
    expect(JSON.stringify(shown), 'the private note is not public').not.to.include('proxy');
    expect((await verify(jwt)).body.reason).to.match(/^Revoked on \d{4}-\d{2}-\d{2} \(misconduct\)/);
    expect((await act('reinstate', {})).status).to.equal(409);
    expect((await act('revoke', { reason: 'other' })).status).to.equal(409);
    expect((await act('revoke', { reason: 'because' })).status, 'unknown reason category').to.equal(400);
    const actions = (await listAuditEntries(ctx.deps.db, tenant.id))
      .filter((e) => e.subjectId === id)
      .map((e) => e.action);
    expect(actions.reverse(), 'newest first, reversed').to.deep.equal([
      'credential.issued',
      'credential.suspended',
      'credential.reinstated',
      'credential.revoked',
    ]);

    // The revocation is in the tenant's Bitstring Status List credential.
    const index = Number(
      storedPayload(jwt).credentialStatus &&
        (storedPayload(jwt).credentialStatus as { statusListIndex: string }).statusListIndex,
    );
    const list = await request(ctx.app).get(`/issuers/${tenant.slug}/status/revocation`);
    expect(list.status).to.equal(200);
    const jwks = (await request(ctx.app).get('/.well-known/jwks.json')).body;
    const { payload } = await jwtVerify(list.text, createLocalJWKSet(jwks), { algorithms: ['RS256'] });
    const encoded = (payload.credentialSubject as { encodedList: string }).encodedList;
    expect(encoded[0]).to.equal('u');
    const bits = new Uint8Array(gunzipSync(Buffer.from(encoded.slice(1), 'base64url')));
    expect(bits.length).to.be.at.least(16384);
    expect(statusBitAt(bits, index)).to.equal(true);
    expect(statusBitAt(bits, index + 1)).to.equal(false);
  });

  it('issues concurrently in a new tenant with one signing key and distinct status-list entries', async () => {
    const fresh = await makeTenant(ctx.deps);
    const certification = await makeCertification(ctx.deps, fresh);
    const issued = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        issueTestCredential(ctx.deps, fresh, certification, { email: `c${i}@example.test` }),
      ),
    );
    expect(await listSigningKeys(ctx.deps.db, fresh.id)).to.have.length(1);
    const indexes = await Promise.all(
      issued.map(async (c) => {
        const jwt = await request(ctx.app)
          .get(`/api/v1/verify/${c.certificateId}/credential.jwt`.replace('/api/v1', ''))
          .expect(200);
        return (storedPayload(jwt.text).credentialStatus as { statusListIndex: string }).statusListIndex;
      }),
    );
    expect(new Set(indexes).size).to.equal(6);
    expect(new Set(issued.map((c) => c.certificateId)).size).to.equal(6);
  });

  it('keeps each tenant and each holder to their own credentials', async () => {
    const holder = await makeUser(ctx.deps, tenant, { roles: ['candidate'], email: 'holder@example.test' });
    const stranger = await makeUser(ctx.deps, tenant, { roles: ['candidate'] });
    const { body } = await issue({ holderEmail: 'holder@example.test', holderName: 'Holder Person' });
    const id = body.credential.id;
    const holderToken = tokenFor(ctx.deps, tenant, holder);
    const mine = await request(ctx.app)
      .get('/api/v1/me/credentials')
      .set('Authorization', `Bearer ${holderToken}`);
    expect(mine.body.credentials.map((c: { id: string }) => c.id)).to.deep.equal([id]);
    const pdf = await request(ctx.app)
      .get(`/api/v1/credentials/${id}/certificate.pdf`)
      .set('Authorization', `Bearer ${holderToken}`);
    expect(pdf.status).to.equal(200);
    const strangerToken = tokenFor(ctx.deps, tenant, stranger);
    expect(
      (
        await request(ctx.app)
          .get(`/api/v1/credentials/${id}`)
          .set('Authorization', `Bearer ${strangerToken}`)
      ).status,
    ).to.equal(404);
    expect(
      (
        await request(ctx.app)
          .get(`/api/v1/credentials/${id}/certificate.pdf`)
          .set('Authorization', `Bearer ${strangerToken}`)
      ).status,
    ).to.equal(404);
    expect(
      (
        await request(ctx.app)
          .post(`/api/v1/credentials/${id}/revoke`)
          .set('Authorization', `Bearer ${holderToken}`)
          .send({ reason: 'other' })
      ).status,
    ).to.equal(403);

    // A credential issued to an address with no account is not handed to whoever later signs up with it.
    const unclaimed = (await issue({ holderEmail: 'later@example.test' })).body.credential;
    const latecomer = tokenFor(
      ctx.deps,
      tenant,
      await makeUser(ctx.deps, tenant, { email: 'later@example.test' }),
    );
    const theirs = await request(ctx.app)
      .get('/api/v1/me/credentials')
      .set('Authorization', `Bearer ${latecomer}`);
    expect(theirs.body.credentials).to.deep.equal([]);
    expect(
      (
        await request(ctx.app)
          .get(`/api/v1/credentials/${unclaimed.id}`)
          .set('Authorization', `Bearer ${latecomer}`)
      ).status,
    ).to.equal(404);

    const otherTenant = await makeTenant(ctx.deps);
    const otherAdmin = tokenFor(
      ctx.deps,
      otherTenant,
      await makeUser(ctx.deps, otherTenant, { roles: ['admin'] }),
    );
    expect(
      (await request(ctx.app).get(`/api/v1/credentials/${id}`).set('Authorization', `Bearer ${otherAdmin}`))
        .status,
    ).to.equal(404);
    expect(
      (
        await request(ctx.app)
          .post(`/api/v1/credentials/${id}/revoke`)
          .set('Authorization', `Bearer ${otherAdmin}`)
          .send({ reason: 'other' })
      ).status,
    ).to.equal(404);
    const list = await request(ctx.app)
      .get('/api/v1/credentials')
      .set('Authorization', `Bearer ${otherAdmin}`);
    expect(list.body.credentials).to.deep.equal([]);
  });
});
