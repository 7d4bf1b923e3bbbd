import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { expect } from 'chai';
import { io, type Socket } from 'socket.io-client';
import request from 'supertest';
import type { AttemptView } from '../../server/app/delivery/attempt-view.js';
import { SoftAuthenticator } from './soft-authenticator.js';

// The exam player's side of a real, listening server: passkey enrolment and check-in over HTTP against its URL
// (which is also the WebAuthn origin), and the /attempt socket.

const bearer = (token: string) => `Bearer ${token}`;

/** Enrols a passkey for the token's account on a new software authenticator. */
export async function enrolPasskey(url: string, token: string): Promise<SoftAuthenticator> {
  const authenticator = new SoftAuthenticator();
  const start = await request(url)
    .post('/api/v1/me/passkeys/options')
    .set('Authorization', bearer(token))
    .send({});
  expect(start.status, JSON.stringify(start.body)).to.equal(200);
  const done = await request(url)
    .post('/api/v1/me/passkeys')
    .set('Authorization', bearer(token))
    .send({
      challengeId: start.body.challengeId,
      response: authenticator.createCredential(start.body.options, url),
      label: 'Laptop',
    });
  expect(done.status, JSON.stringify(done.body)).to.equal(201);
  return authenticator;
}

/** Checks in with the passkey (without beginning): the checked-in attempt. */
export async function checkInAt(
  url: string,
  token: string,
  authenticator: SoftAuthenticator,
  certificationId: string,
): Promise<AttemptView> {
  const options = await request(url)
    .post(`/api/v1/certifications/${certificationId}/check-in/options`)
    .set('Authorization', bearer(token))
    .send({});
  expect(options.status, JSON.stringify(options.body)).to.equal(200);
  const checkedIn = await request(url)
    .post(`/api/v1/certifications/${certificationId}/attempts`)
    .set('Authorization', bearer(token))
    .send({
      challengeId: options.body.challengeId,
      response: authenticator.getAssertion(
        options.body.options as PublicKeyCredentialRequestOptionsJSON,
        url,
      ),
    });
  expect(checkedIn.status, JSON.stringify(checkedIn.body)).to.equal(201);
  return checkedIn.body.attempt as AttemptView;
}

/** Begins a checked-in attempt: the running attempt and the token of its live connection. */
export async function beginAt(url: string, token: string, attemptId: string) {
  const res = await request(url)
    .post(`/api/v1/attempts/${attemptId}/start`)
    .set('Authorization', bearer(token))
    .send({});
  expect(res.status, JSON.stringify(res.body)).to.equal(200);
  return res.body as { attempt: AttemptView; attemptToken: string };
}

/** How a connection to /attempt went: the attempt it was greeted with, or why it was refused. */
export type Connection =
  | { readonly kind: 'attempt'; readonly socket: Socket; readonly attempt: AttemptView }
  | { readonly kind: 'error'; readonly message: string; readonly data: unknown; readonly socket: Socket };

/** Connects to the attempt namespace and waits for the greeting `attempt`, a refusal or a connect error. */
export function connectAttempt(url: string, auth: Record<string, unknown> | undefined): Promise<Connection> {
  const socket = io(`${url}/attempt`, {
    auth,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: 10_000,
  });
  return new Promise((resolve) => {
    socket.once('attempt', (attempt: AttemptView) => resolve({ kind: 'attempt', socket, attempt }));
    socket.once('refused', (error: { code: string; message: string }) =>
      resolve({ kind: 'error', message: error.code, data: error, socket }),
    );
    socket.once('connect_error', (error: Error & { data?: unknown }) =>
      resolve({ kind: 'error', message: error.message, data: error.data, socket }),
    );
  });
}

/** A socket reply: the attempt after the message, or a refusal. */
export type Reply =
  | { readonly ok: true; readonly attempt: AttemptView }
  | { readonly ok: false; readonly error: { code: string; message: string; details?: unknown } };

/** Sends one message and waits for its acknowledgement; 'lost' when the connection drops before it comes. */
export function send(socket: Socket, event: string, payload: unknown): Promise<Reply | 'lost'> {
  return new Promise((resolve) => {
    const lost = () => resolve('lost');
    socket.once('disconnect', lost);
    socket.emit(event, payload, (reply: Reply) => {
      socket.off('disconnect', lost);
      resolve(reply);
    });
  });
}
