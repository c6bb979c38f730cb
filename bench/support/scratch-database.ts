import pg from 'pg';

/**
 * A database of its own on the bench's PostgreSQL server, dropped by `drop()`: a bench that loads
 * millions of rows leaves the server's other databases as they were.
 */
export async function createScratchDatabase(serverUrl: string, name: string, options: { reuse?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    // Reused: a database kept by an earlier run (it must exist).
    if (!options.reuse) {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.query(`create database ${name}`);
    }
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
