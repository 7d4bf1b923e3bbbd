import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';

/** Decoded key material the server runs with. */
export interface Secrets {
  readonly tokenSecret: Buffer;
  readonly keyEncryptionKey: Buffer;
}

function loadOrCreate(file: string, log: (message: string) => void): Buffer {
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  log(`generated development key ${file} (set it explicitly in production)`);
  return key;
}

/**
 * Keys from configuration; in development, missing ones are generated once into DATA_DIR/keys and reused
 * on every later start (config refuses to boot without them in production).
 */
export function loadSecrets(config: Config, log: (message: string) => void): Secrets {
  const dir = path.join(config.dataDir, 'keys');
  return {
    tokenSecret: config.tokenSecret
      ? Buffer.from(config.tokenSecret, 'base64')
      : loadOrCreate(path.join(dir, 'token-secret'), log),
    keyEncryptionKey: config.keyEncryptionKey
      ? Buffer.from(config.keyEncryptionKey, 'base64')
      : loadOrCreate(path.join(dir, 'key-encryption-key'), log),
  };
}
