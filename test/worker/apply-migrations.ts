import { applyD1Migrations, env } from 'cloudflare:test';

// Every Worker test file starts from the real schema in worker/migrations (applying is idempotent).
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
