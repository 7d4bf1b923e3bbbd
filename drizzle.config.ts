import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './server/persistence/schema.ts',
  out: './server/persistence/migrations',
});
