import { defineConfig } from 'drizzle-kit';

// PostgreSQL store and queue (DATABASE_URL=postgres://…). Hand-written full-text search SQL is in
// its own migration (generated with `--custom`).
export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/store/postgres/schema.ts', './src/queue/postgres/schema.ts'],
  out: './migrations/postgres',
});
