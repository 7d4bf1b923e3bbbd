/**
 * Writes item-bank/item.schema.json and item-bank/bank.schema.json from the TypeBox schemas in
 * item-bank/schema.ts, so editors and other tools can validate bank files without TypeScript.
 * Run after changing the schemas: `npx tsx scripts/write-item-schemas.ts`; a unit test fails while
 * the committed files are stale.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { schemaDocuments } from '../item-bank/schema.js';

const itemBankDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'item-bank');

const written: string[] = [];
for (const [fileName, document] of Object.entries(schemaDocuments())) {
  const target = path.join(itemBankDir, fileName);
  fs.writeFileSync(target, `${JSON.stringify(document, null, 2)}\n`);
  written.push(target);
  console.log(`wrote ${path.relative(process.cwd(), target)}`);
}

// The committed files are in Biome's JSON layout (short arrays on one line); format them the same way, so
// a run with unchanged schemas leaves them byte for byte as they were.
const biome = createRequire(import.meta.url).resolve('@biomejs/biome/bin/biome');
execFileSync(process.execPath, [biome, 'format', '--write', ...written], { stdio: 'ignore' });
