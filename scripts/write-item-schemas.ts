/**
 * Writes item-bank/item.schema.json and item-bank/bank.schema.json from the TypeBox schemas in
 * item-bank/schema.ts, so editors and other tools can validate bank files without TypeScript.
 * Run after changing the schemas: `npx tsx scripts/write-item-schemas.ts`; a unit test fails while
 * the committed files are stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaDocuments } from '../item-bank/schema.js';

const itemBankDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'item-bank');

for (const [fileName, document] of Object.entries(schemaDocuments())) {
  const target = path.join(itemBankDir, fileName);
  fs.writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}
