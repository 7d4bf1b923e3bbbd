import { expect } from 'chai';
import request from 'supertest';
import {
  MAX_CERTIFICATION_TITLE_CHARS,
  MAX_HOLDER_NAME_CHARS,
} from '../../server/domain/credentials/name-limits.js';
import type { TenantRow } from '../../server/persistence/repositories/tenants.js';
import { createTestContext, type TestContext } from '../support/context.js';
import { makeCertification } from '../support/credentials.js';
import { makeTenant, makeUser, tokenFor } from '../support/factories.js';

/** A name of `length` characters, mixed case like real names, with the spaces real names have. */
const nameOf = (length: number) => `${'Maria Fernanda Gonzalez '.repeat(10).slice(0, length - 1)}z`;

describe('names and titles no longer than a certificate prints whole', () => {
  let ctx: TestContext;
  let tenant: TenantRow;
  let token: string;
  let certificationId: string;

  before(async () => {
    ctx = await createTestContext();
    tenant = await makeTenant(ctx.deps, { name: 'Acme Cloud Academy' });
    token = tokenFor(ctx.deps, tenant, await makeUser(ctx.deps, tenant, { roles: ['admin'] }));
    certificationId = (await makeCertification(ctx.deps, tenant, { code: 'LIM-1', validityMonths: 24 })).id;
  });
  after(() => ctx.close());

  const api = (method: 'post' | 'patch', path: string) =>
    request(ctx.app)[method](path).set('Authorization', `Bearer ${token}`);

  it(`issues to a holder name of ${MAX_HOLDER_NAME_CHARS} characters and refuses one more, naming the field`, async () => {
    const issue = (holderName: string) =>
      api('post', '/api/v1/credentials').send({
        certificationId,
        holderName,
        holderEmail: 'long@example.test',
      });
    expect((await issue(nameOf(MAX_HOLDER_NAME_CHARS))).status).to.equal(201);
    const res = await issue(nameOf(400));
    expect(res.status).to.equal(400);
    expect(res.body.error.details).to.deep.include({
      path: '/holderName',
      rule: 'maxLength',
      message: `must be at most ${MAX_HOLDER_NAME_CHARS} characters long`,
    });
    expect(res.body.error.message).to.contain('/holderName');
  });

  it('refuses a holder name over the limit in a CSV import, by line', async () => {
    const csv = [
      'name,email,certification,issued',
      `${nameOf(MAX_HOLDER_NAME_CHARS + 1)},x@example.test,LIM-1,2024-01-01`,
    ];
    const res = await api('post', '/api/v1/credentials/import').send({ csv: csv.join('\n') });
    expect(res.status).to.equal(400);
    expect(res.body.error.details.map((d: { message: string }) => d.message)).to.deep.equal([
      `line 2 (name): is ${MAX_HOLDER_NAME_CHARS + 1} characters long; the limit is ${MAX_HOLDER_NAME_CHARS}`,
    ]);
  });

  it(`refuses a certification title over ${MAX_CERTIFICATION_TITLE_CHARS} characters on create and on edit`, async () => {
    const title = (length: number) =>
      'Certified Cloud Security Architect '.repeat(40).slice(0, length).trim();
    const created = await api('post', '/api/v1/certifications')
      .send({
        code: 'LIM-2',
        title: title(MAX_CERTIFICATION_TITLE_CHARS),
        description: '',
        validityMonths: 12,
      })
      .expect(201);
    const long = await api('post', '/api/v1/certifications').send({
      code: 'LIM-3',
      title: 'x'.repeat(1000),
      description: '',
      validityMonths: 12,
    });
    expect(long.status).to.equal(400);
    expect(long.body.error.details[0]).to.include({ path: '/title', rule: 'maxLength' });
    const edit = await api(
      'patch',
      `/api/v1/certifications/${created.body.certification?.id ?? created.body.id}`,
    ).send({
      title: `${title(MAX_CERTIFICATION_TITLE_CHARS + 5)}xxxxx`,
    });
    expect(edit.status).to.equal(400);
    expect(edit.body.error.details[0]).to.include({ path: '/title', rule: 'maxLength' });
  });

  it('refuses a display name over the limit at registration', async () => {
    const res = await request(ctx.app)
      .post('/api/v1/auth/register')
      .send({
        tenant: tenant.slug,
        email: 'reg@example.test',
        password: 'a long enough password 1',
        displayName: nameOf(MAX_HOLDER_NAME_CHARS + 1),
      });
    expect(res.status).to.equal(400);
    expect(res.body.error.details[0]).to.include({ path: '/displayName', rule: 'maxLength' });
  });
});
