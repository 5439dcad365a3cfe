import { defineConfig } from 'drizzle-kit';

// SQLite store (the embedded default). See drizzle.postgres.config.ts and drizzle.queue.config.ts.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/store/sqlite/schema.ts',
  out: './migrations',
});
