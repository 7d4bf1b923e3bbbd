import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type WebAuthnCredential,
} from '@simplewebauthn/server';
import { expect } from 'chai';
import { SoftAuthenticator } from '../support/soft-authenticator.js';

const ORIGIN = 'http://localhost:3000';
const RP_ID = 'localhost';

/** Registers one passkey on a fresh authenticator and returns the stored server-side credential. */
async function registerPasskey(): Promise<{
  auth: SoftAuthenticator;
  credential: WebAuthnCredential;
  userId: string;
}> {
  const auth = new SoftAuthenticator();
  const options = await generateRegistrationOptions({
    rpName: 'Test',
    rpID: RP_ID,
    userName: 'a@b.test',
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  const response = auth.createCredential(options, ORIGIN);
  const result = await verifyRegistrationResponse({
    response,
    expectedChallenge: options.challenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    requireUserVerification: true,
  });
  expect(result.verified).to.equal(true);
  if (!result.verified) throw new Error('registration not verified');
  return { auth, credential: result.registrationInfo.credential, userId: options.user.id };
}

/** Requests discoverable-credential authentication options. */
function authOptions() {
  return generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [], userVerification: 'required' });
}

/** Verifies an assertion against the stored credential with the standard expectations. */
function verifyAssertion(
  response: AuthenticationResponseJSON,
  expectedChallenge: string,
  credential: WebAuthnCredential,
) {
  return verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: ORIGIN,
    expectedRPID: RP_ID,
    credential: {
      id: credential.id,
      publicKey: credential.publicKey,
      counter: credential.counter,
      transports: credential.transports,
    },
    requireUserVerification: true,
  });
}

describe('SoftAuthenticator', () => {
  it('produces a registration response that @simplewebauthn/server verifies', async () => {
    const auth = new SoftAuthenticator();
    const options = await generateRegistrationOptions({
      rpName: 'Test',
      rpID: RP_ID,
      userName: 'a@b.test',
      attestationType: 'none',
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    const response = auth.createCredential(options, ORIGIN);

    expect(response.type).to.equal('public-key');
    expect(response.rawId).to.equal(response.id);
    expect(response.authenticatorAttachment).to.equal('platform');
    expect(response.response.transports).to.deep.equal(['internal']);
    expect(response.response.publicKeyAlgorithm).to.equal(-7);
    const idLen = Buffer.from(response.id, 'base64url').length;
    expect(idLen).to.be.within(16, 32);

    const result = await verifyRegistrationResponse({
      response,
      expectedChallenge: options.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
      requireUserVerification: true,
    });
    expect(result.verified).to.equal(true);
    if (!result.verified) return;
    const info = result.registrationInfo;
    expect(info.fmt).to.equal('none');
    expect(info.credential.id).to.equal(response.id);
    expect(info.credential.counter).to.equal(0);
    expect(info.userVerified).to.equal(true);
    expect(info.credentialDeviceType).to.equal('singleDevice');
    expect(info.credentialBackedUp).to.equal(false);
    expect(info.aaguid).to.equal('00000000-0000-0000-0000-000000000000');

    expect(auth.credentials).to.deep.equal([
      { id: response.id, rpId: RP_ID, userHandle: options.user.id, signCount: 0 },
    ]);
  });

  it('uses a custom AAGUID', async () => {
    const aaguid = Uint8Array.from(Buffer.from('0123456789abcdef0123456789abcdef', 'hex'));
    const auth = new SoftAuthenticator({ aaguid });
    const options = await generateRegistrationOptions({ rpName: 'Test', rpID: RP_ID, userName: 'a@b.test' });
    const result = await verifyRegistrationResponse({
      response: auth.createCredential(options, ORIGIN),
      expectedChallenge: options.challenge,
      expectedOrigin: ORIGIN,
      expectedRPID: RP_ID,
    });
    expect(result.verified).to.equal(true);
    expect(result.registrationInfo?.aaguid).to.equal('01234567-89ab-cdef-0123-456789abcdef');
  });

  it('signs a discoverable-credential assertion that verifies with newCounter 1', async () => {
    const { auth, credential, userId } = await registerPasskey();
    const options = await authOptions();
    const response = auth.getAssertion(options, ORIGIN);

    expect(response.id).to.equal(credential.id);
    expect(response.response.userHandle).to.equal(userId);

    const result = await verifyAssertion(response, options.challenge, credential);
    expect(result.verified).to.equal(true);
    expect(result.authenticationInfo.newCounter).to.equal(1);
    expect(result.authenticationInfo.userVerified).to.equal(true);
    expect(auth.credentials[0]?.signCount).to.equal(1);
  });

  it('selects a credential from allowCredentials and by explicit id', async () => {
    const { auth, credential } = await registerPasskey();
    const options = await generateAuthenticationOptions({
      rpID: RP_ID,
      allowCredentials: [{ id: 'AAAAAAAAAAAAAAAAAAAAAA' }, { id: credential.id }],
      userVerification: 'required',
    });
    const first = auth.getAssertion(options, ORIGIN);
    expect(first.id).to.equal(credential.id);
    const second = auth.getAssertion(options, ORIGIN, { credentialId: credential.id });
    expect(second.id).to.equal(credential.id);

    const result = await verifyAssertion(second, options.challenge, { ...credential, counter: 1 });
    expect(result.verified).to.equal(true);
    expect(result.authenticationInfo.newCounter).to.equal(2);

    expect(() => auth.getAssertion(options, ORIGIN, { credentialId: 'nope' })).to.throw(/no credential/);
    const other = await generateAuthenticationOptions({ rpID: RP_ID, allowCredentials: [{ id: 'AAAA' }] });
    expect(() => auth.getAssertion(other, ORIGIN)).to.throw(/none of allowCredentials/);
  });

  it('refuses to register when it already holds an excluded credential', async () => {
    const { auth, credential } = await registerPasskey();
    const options = await generateRegistrationOptions({
      rpName: 'Test',
      rpID: RP_ID,
      userName: 'a@b.test',
      excludeCredentials: [{ id: credential.id }],
    });
    expect(() => auth.createCredential(options, ORIGIN)).to.throw(/InvalidStateError/);
  });

  it('fails registration when user verification is required but not performed', async () => {
    const auth = new SoftAuthenticator();
    const options = await generateRegistrationOptions({ rpName: 'Test', rpID: RP_ID, userName: 'a@b.test' });
    const response = auth.createCredential(options, ORIGIN, { userVerified: false });
    let error: unknown;
    try {
      await verifyRegistrationResponse({
        response,
        expectedChallenge: options.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
        requireUserVerification: true,
      });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.match(/user could not be verified/);
  });

  it('fails authentication (throws) for a wrong origin', async () => {
    const { auth, credential } = await registerPasskey();
    const options = await authOptions();
    const response = auth.getAssertion(options, 'http://evil.localhost:3000', {
      credentialId: credential.id,
    });
    let error: unknown;
    try {
      await verifyAssertion(response, options.challenge, credential);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.equal(
      `Unexpected authentication response origin "http://evil.localhost:3000", expected "${ORIGIN}"`,
    );
  });

  it('fails registration (throws) for a wrong origin', async () => {
    const auth = new SoftAuthenticator();
    const options = await generateRegistrationOptions({ rpName: 'Test', rpID: RP_ID, userName: 'a@b.test' });
    const response = auth.createCredential(options, 'http://localhost:4000');
    let error: unknown;
    try {
      await verifyRegistrationResponse({
        response,
        expectedChallenge: options.challenge,
        expectedOrigin: ORIGIN,
        expectedRPID: RP_ID,
      });
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.equal(
      `Unexpected registration response origin "http://localhost:4000", expected "${ORIGIN}"`,
    );
  });

  it('returns verified: false (no throw) for a tampered signature', async () => {
    const { auth, credential } = await registerPasskey();
    const options = await authOptions();
    const response = auth.getAssertion(options, ORIGIN);
    const sig = Buffer.from(response.response.signature, 'base64url');
    // Flip bits in the last byte (inside the DER `s` integer) so the DER structure stays valid.
    sig[sig.length - 1] = (sig[sig.length - 1] ?? 0) ^ 0x01;
    const tampered: AuthenticationResponseJSON = {
      ...response,
      response: { ...response.response, signature: sig.toString('base64url') },
    };
    const result = await verifyAssertion(tampered, options.challenge, credential);
    expect(result.verified).to.equal(false);

    // The untampered response still verifies, so the failure is due to the tampering alone.
    const genuine = await verifyAssertion(response, options.challenge, credential);
    expect(genuine.verified).to.equal(true);
  });

  it('fails authentication (throws) for a replayed counter', async () => {
    const { auth, credential } = await registerPasskey();
    const first = await authOptions();
    const ok = await verifyAssertion(auth.getAssertion(first, ORIGIN), first.challenge, credential);
    expect(ok.verified).to.equal(true);
    const stored = { ...credential, counter: ok.authenticationInfo.newCounter };
    expect(stored.counter).to.equal(1);

    const second = await authOptions();
    const replay = auth.getAssertion(second, ORIGIN, { signCount: stored.counter });
    let error: unknown;
    try {
      await verifyAssertion(replay, second.challenge, stored);
    } catch (err) {
      error = err;
    }
    expect(error).to.be.instanceOf(Error);
    expect((error as Error).message).to.equal('Response counter value 1 was lower than expected 1');
    // The override did not advance the authenticator's own counter.
    expect(auth.credentials[0]?.signCount).to.equal(1);

    const next = await verifyAssertion(auth.getAssertion(second, ORIGIN), second.challenge, stored);
    expect(next.verified).to.equal(true);
    expect(next.authenticationInfo.newCounter).to.equal(2);
  });
});
