import fs from 'node:fs';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { expect } from 'chai';
import { schemaDocuments } from '../../../item-bank/schema.js';

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;
const committed = (name: string) => JSON.parse(fs.readFileSync(`item-bank/${name}`, 'utf8'));

describe('item-bank JSON Schema files', () => {
  it('equal what the TypeBox schemas produce (run `npx tsx scripts/write-item-schemas.ts` if not)', () => {
    for (const [name, document] of Object.entries(schemaDocuments()))
      expect(committed(name), name).to.deep.equal(document);
  });

  it('validate the sample bank on their own, without TypeScript', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    addFormats(ajv, ['uri-reference', 'date-time']);
    const check = ajv.compile(committed('bank.schema.json'));
    const bank = JSON.parse(fs.readFileSync('item-bank/samples/acme-cloud-bank.json', 'utf8'));
    expect(check(bank), JSON.stringify(check.errors?.slice(0, 3))).to.equal(true);
    expect(check({ ...bank, items: [{ ...bank.items[0], surprise: true }] })).to.equal(false);
  });
});
