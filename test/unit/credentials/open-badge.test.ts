import { expect } from 'chai';
import {
  buildOpenBadgeCredential,
  type CredentialFacts,
  type EarnedBy,
} from '../../../server/domain/credentials/open-badge.js';

const facts = (earnedBy: EarnedBy): CredentialFacts => ({
  id: 'urn:uuid:7f1c0e52-3a57-4b8e-9f55-2d1b7c0b9a10',
  certificateId: 'ACME-7K2M-9QXD-4TNV-8',
  issuer: {
    id: 'https://certs.example/issuers/acme',
    name: 'Acme',
    url: 'https://certs.example',
    imageUrl: null,
  },
  achievement: {
    id: 'https://certs.example/a/ACP',
    code: 'ACP',
    name: 'Cloud Practitioner',
    description: '',
  },
  subjectId: 'urn:uuid:0b5d3e7a-1c2f-4a6b-8d9e-0f1a2b3c4d5e',
  holderName: 'Ada Lovelace',
  earnedBy,
  emailHash: `sha256$${'0'.repeat(64)}`,
  emailSalt: 'salt',
  validFrom: new Date('2026-11-22T09:00:00Z'),
  validUntil: null,
  verificationUrl: 'https://certs.example/verify/ACME-7K2M-9QXD-4TNV-8',
  status: null,
});

const narrativeOf = (earnedBy: EarnedBy): string => {
  const subject = buildOpenBadgeCredential(facts(earnedBy)).credentialSubject as {
    achievement: { criteria: { narrative: string } };
  };
  return subject.achievement.criteria.narrative;
};

describe('Open Badges credential: how it was earned', () => {
  it('says an exam was passed only for a credential earned by an exam attempt', () => {
    expect(narrativeOf('attempt')).to.equal('Passed the Cloud Practitioner (ACP) certification exam.');
  });

  it('says an imported credential was carried over from earlier records, with no exam claimed', () => {
    const narrative = narrativeOf('import');
    expect(narrative).to.equal(
      "Holds the Cloud Practitioner (ACP) certification, carried over from the issuer's earlier records.",
    );
    expect(narrative).to.not.match(/exam/i);
  });

  it('says a credential issued by hand was awarded by the issuer, with no exam claimed', () => {
    const narrative = narrativeOf('manual');
    expect(narrative).to.equal('Awarded the Cloud Practitioner (ACP) certification by the issuer.');
    expect(narrative).to.not.match(/exam/i);
  });
});
