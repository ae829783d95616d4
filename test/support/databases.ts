import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/storage/database.js';

/** The databases every storage and service suite runs against. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

export const testPostgresUrl = (): string =>
  process.env.DROBOT_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh, empty place for data: a temp folder, plus (for PostgreSQL) a schema of its own. */
export interface TestStore {
  readonly dialect: TestDialect;
  readonly dataDir: string;
  /** For PostgreSQL, the URL whose connections use the test's own schema; undefined for SQLite. */
  readonly databaseUrl: string | undefined;
  /** Environment for a `drobot` child process pointed at this store. */
  readonly env: Record<string, string>;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function createTestStore(dialect: TestDialect): Promise<TestStore> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `drobot-${dialect}-`));
  let databaseUrl: string | undefined;
  let schema: string | undefined;
  if (dialect === 'postgres') {
    schema = `t_${crypto.randomBytes(6).toString('hex')}`;
    const client = new pg.Client({ connectionString: testPostgresUrl() });
    await client.connect();
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.end();
    const url = new URL(testPostgresUrl());
    url.searchParams.set('options', `-c search_path=${schema}`);
    databaseUrl = url.toString();
  }
  const env: Record<string, string> = { DROBOT_DATA_DIR: dataDir, DROBOT_LOG_LEVEL: 'info' };
  if (databaseUrl) env.DROBOT_DATABASE_URL = databaseUrl;
  return {
    dialect,
    dataDir,
    databaseUrl,
    env,
    open: () => openDatabase({ url: databaseUrl, dataDir, pgSchema: schema }),
    async drop() {
      if (schema) {
        const client = new pg.Client({ connectionString: testPostgresUrl() });
        await client.connect();
        await client.query(`DROP SCHEMA ${schema} CASCADE`);
        await client.end();
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
