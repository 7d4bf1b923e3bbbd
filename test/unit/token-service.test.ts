import { expect } from 'chai';
import { SignJWT } from 'jose';
import { type Actor, hashToken, jwtTokenService, randomToken } from '../../server/adapters/token-service.js';

const SECRET = Buffer.alloc(32, 0x5a);
const ISSUER = 'http://localhost:3000';
const TTL_SEC = 900;
const NOW = new Date('2026-11-22T09:00:00.000Z');

const actor: Actor = {
  userId: '0b7e6a2c-1d4f-4e8a-a9b3-5c6d7e8f9a0b',
  tenantId: '6f1c2a44-8b1e-4c53-9d0a-3c2b1a0f9e01',
  tenantSlug: 'acme',
  roles: ['candidate', 'proctor'],
};

/** A token with the service's claims, signed by us, so single claims can be varied. */
function craft(
  overrides: { typ?: string; secret?: Buffer; audience?: string; issuer?: string; tid?: unknown } = {},
) {
  const iat = Math.floor(NOW.getTime() / 1000);
  return new SignJWT({
    tid: 'tid' in overrides ? overrides.tid : actor.tenantId,
    ten: actor.tenantSlug,
    roles: actor.roles,
    typ: overrides.typ ?? 'access',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(actor.userId)
    .setIssuer(overrides.issuer ?? ISSUER)
    .setAudience(overrides.audience ?? 'certamen-api')
    .setIssuedAt(iat)
    .setExpirationTime(iat + TTL_SEC)
    .sign(overrides.secret ?? SECRET);
}

describe('JWT token service', () => {
  const tokens = jwtTokenService(SECRET, ISSUER, TTL_SEC);

  it('round-trips the actor', () => {
    const token = tokens.issueAccessToken(actor, NOW);
    expect(tokens.verifyAccessToken(token, NOW)).to.deep.equal(actor);
    expect(tokens.accessTokenTtlSec).to.equal(TTL_SEC);
  });

  it('accepts a token crafted with the same claims (the check is on claims, not on who built it)', async () => {
    expect(tokens.verifyAccessToken(await craft(), NOW)).to.deep.equal(actor);
  });

  it('is valid until its lifetime ends and refused from then on', () => {
    const token = tokens.issueAccessToken(actor, NOW);
    const justBefore = new Date(NOW.getTime() + TTL_SEC * 1000 - 1000);
    const atExpiry = new Date(NOW.getTime() + TTL_SEC * 1000);
    expect(tokens.verifyAccessToken(token, justBefore)).to.deep.equal(actor);
    expect(tokens.verifyAccessToken(token, atExpiry)).to.equal(undefined);
  });

  it('refuses a token signed with another secret', async () => {
    const other = jwtTokenService(Buffer.alloc(32, 0x11), ISSUER, TTL_SEC);
    expect(tokens.verifyAccessToken(other.issueAccessToken(actor, NOW), NOW)).to.equal(undefined);
    expect(tokens.verifyAccessToken(await craft({ secret: Buffer.alloc(32, 0x11) }), NOW)).to.equal(
      undefined,
    );
  });

  it('refuses an unsigned token (alg "none")', () => {
    const signed = tokens.issueAccessToken(actor, NOW);
    const [, payload] = signed.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    expect(tokens.verifyAccessToken(`${header}.${payload}.`, NOW)).to.equal(undefined);
    expect(tokens.verifyAccessToken(`${header}.${payload}`, NOW)).to.equal(undefined);
  });

  it('refuses a token whose typ is not access', async () => {
    expect(tokens.verifyAccessToken(await craft({ typ: 'refresh' }), NOW)).to.equal(undefined);
    expect(tokens.verifyAccessToken(await craft({ typ: 'invitation' }), NOW)).to.equal(undefined);
  });

  it('refuses another issuer or audience, and missing claims', async () => {
    expect(tokens.verifyAccessToken(await craft({ issuer: 'https://evil.example' }), NOW)).to.equal(
      undefined,
    );
    expect(tokens.verifyAccessToken(await craft({ audience: 'another-api' }), NOW)).to.equal(undefined);
    expect(tokens.verifyAccessToken(await craft({ tid: undefined }), NOW)).to.equal(undefined);
  });

  it('refuses garbage without throwing', () => {
    for (const garbage of ['', 'abc', 'a.b.c', `${tokens.issueAccessToken(actor, NOW)}x`]) {
      expect(tokens.verifyAccessToken(garbage, NOW), garbage).to.equal(undefined);
    }
  });

  it('makes unguessable opaque tokens and stores only their hash', () => {
    const a = randomToken();
    const b = randomToken();
    expect(a).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(a).to.not.equal(b);
    expect(hashToken(a)).to.equal(hashToken(a));
    expect(hashToken(a)).to.not.equal(a);
    expect(hashToken(a)).to.not.equal(hashToken(b));
  });
});
