import fs from 'node:fs';
import { expect } from 'chai';
import type { BankItem } from '../../../item-bank/schema.js';
import { validateBankFile } from '../../../item-bank/validate.js';
import { ITEM_TYPES } from '../../../server/domain/items/item.js';
import { scoreResponse } from '../../../server/domain/items/score-response.js';

const DOMAINS = ['networking', 'security', 'compute-storage', 'operations'];
const PREFIX: Record<string, string> = {
  networking: 'NET',
  security: 'SEC',
  'compute-storage': 'CMP',
  operations: 'OPS',
};

function loadItems(): BankItem[] {
  const file = JSON.parse(fs.readFileSync('item-bank/samples/acme-cloud-bank.json', 'utf8'));
  const result = validateBankFile(file);
  if (!result.ok) expect.fail(JSON.stringify(result.issues.slice(0, 5)));
  return result.bank.items;
}
const count = (items: BankItem[], keep: (item: BankItem) => boolean) => items.filter(keep).length;

describe('sample bank: Acme Cloud Platform Associate', () => {
  it('validates', () => {
    expect(loadItems()).to.have.length.of.at.least(160);
  });

  it('has exactly four domains of at least 35 active English items, with matching externalIds', () => {
    const items = loadItems();
    expect([...new Set(items.map((item) => item.domain))].sort()).to.deep.equal([...DOMAINS].sort());
    for (const domain of DOMAINS)
      expect(
        count(items, (item) => item.domain === domain),
        domain,
      ).to.be.at.least(35);
    for (const item of items) {
      expect(item.externalId).to.match(new RegExp(`^${PREFIX[item.domain]}-\\d{3}$`));
      expect(item).to.include({ language: 'en', status: 'active' });
      expect(item.objective, item.externalId).to.be.a('string');
      expect(item.tags.length, item.externalId).to.be.within(1, 3);
    }
  });

  it('covers every type, mostly single choice and multiple response', () => {
    const items = loadItems();
    for (const type of ITEM_TYPES)
      expect(
        count(items, (item) => item.type === type),
        type,
      ).to.be.at.least(5);
    const choice = count(items, (item) => item.type === 'single_choice' || item.type === 'multiple_response');
    expect(choice / items.length).to.be.greaterThan(0.6);
  });

  it('calibrates operational items as 2pl (a few 3pl) and leaves 8–12 pretest items uncalibrated', () => {
    const items = loadItems();
    const pretest = items.filter((item) => item.pretest);
    expect(pretest.length).to.be.within(8, 12);
    for (const item of pretest) expect(item.irt, item.externalId).to.equal(undefined);
    const calibrated = items.filter((item) => !item.pretest);
    for (const { irt, externalId, type } of calibrated) {
      if (!irt) expect.fail(`${externalId} has no irt`);
      expect(irt.a, externalId).to.be.within(0.6, 2.0);
      expect(irt.b, externalId).to.be.within(-2.5, 2.5);
      if (irt.model === '3pl')
        expect([type, irt.c]).to.satisfy(
          ([t, c]: [string, number]) => t === 'single_choice' && c > 0.1 && c < 0.3,
        );
      else expect(irt.model).to.equal('2pl');
    }
    const threePl = count(calibrated, (item) => item.irt?.model === '3pl');
    expect(threePl).to.be.within(3, 10);
    const bs = calibrated.map((item) => item.irt?.b ?? 0);
    expect(Math.min(...bs)).to.be.below(-2);
    expect(Math.max(...bs)).to.be.above(2);
  });

  it('has no duplicate stems and every single-choice key scores 1', () => {
    const items = loadItems();
    expect(new Set(items.map((item) => item.stem)).size).to.equal(items.length);
    for (const item of items)
      if (item.type === 'single_choice')
        expect(scoreResponse(item, { optionId: item.key.correct })).to.equal(1);
  });
});
