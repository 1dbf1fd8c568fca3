import { TestDatabases } from '@backstage/backend-test-utils';

/**
 * The databases the store tests run on, `describe.each(ids)`: SQLite, and PostgreSQL 15
 * where one is configured. CI must have PostgreSQL: without it `what` would go untested
 * there, so this throws.
 */
export function storeTestDatabases(what = 'store tests') {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const ids = databases.eachSupportedId();
  if (process.env.CI && !ids.some(([id]) => id.startsWith('POSTGRES'))) {
    throw new Error(`CI must run the ${what} on PostgreSQL too`);
  }
  return { databases, ids };
}
