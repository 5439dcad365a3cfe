import { defineConfig } from 'drizzle-kit';

// The SQLite queue file (DATA_DIR/queue.sqlite beside the SQLite store).
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/queue/sqlite/schema.ts',
  out: './migrations/queue',
});
