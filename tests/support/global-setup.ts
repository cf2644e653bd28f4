import type { TestProject } from 'vitest/node';

// Real Postgres and Redis for every test: from DATABASE_URL / REDIS_URL when set (CI and this
// machine), otherwise started with testcontainers. Migrations are applied once here.

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const stops: (() => Promise<unknown>)[] = [];
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;

  if (!databaseUrl) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const container = await new PostgreSqlContainer('postgres:17-alpine').start();
    databaseUrl = container.getConnectionUri();
    stops.push(() => container.stop());
  }
  if (!redisUrl) {
    const { RedisContainer } = await import('@testcontainers/redis');
    const container = await new RedisContainer('redis:7-alpine').start();
    redisUrl = container.getConnectionUrl();
    stops.push(() => container.stop());
  }

  const { connectDatabase } = await import('../../src/db/client.js');
  const { migrateWithLock } = await import('../../src/db/migrate.js');
  const database = connectDatabase(databaseUrl, { max: 2 });
  await migrateWithLock(database);
  await database.close();

  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
  return async () => {
    for (const stop of stops) await stop();
  };
}
