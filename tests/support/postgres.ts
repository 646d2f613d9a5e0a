/**
 * A real PostgreSQL server for tests (no mocks): a throwaway cluster started from Debian's server binaries
 * (package `postgresql`: /usr/lib/postgresql/<version>/bin/initdb and pg_ctl) in a temporary directory, on a
 * free port, with its unix socket in that directory too; or the server ARSA_TEST_PG_URL names. Either way each
 * caller gets a fresh database of its own, dropped again by `stop()`.
 *
 * PostgreSQL refuses to run as root, so when the tests run as root (CI does) initdb and pg_ctl run as the
 * `postgres` user that the Debian package creates, and the directory is handed to that user.
 *
 * Typical use, once per test file:
 *   let pg: TestPostgres;
 *   beforeAll(async () => { pg = await startTestPostgres(); });
 *   afterAll(async () => pg?.stop());
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** Connection URL of a fresh database for this caller. */
  readonly url: string;
  /** Drops the database, and stops and removes the cluster when this helper started it. */
  stop(): Promise<void>;
  /**
   * Stops the server (fast shutdown: every connection is dropped), runs `whileDown`, and starts it again on the
   * same port and data. Only for a cluster this helper started (`startTestPostgres({ own: true })`).
   */
  restart?(whileDown: () => Promise<void>): Promise<void>;
}

/** The newest installed server's bin directory, or a failure that names the package to install. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'initdb'))) : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/initdb): install the Debian package '
      + '`postgresql` (apt-get install -y postgresql), or set ARSA_TEST_PG_URL to a server to use (postgres://user@host:port/db)');
  }
  versions.sort((a, b) => Number(b) - Number(a));
  return join(root, versions[0]!, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Runs a server binary, as `postgres` when we are root. */
function runAsPostgres(bin: string, args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  try {
    execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    const err = e as { stderr?: Buffer; stdout?: Buffer; message: string };
    throw new Error(`${bin} ${args.join(' ')} failed: ${err.stderr?.toString() || err.stdout?.toString() || err.message}`);
  }
}

interface Cluster {
  readonly adminUrl: string;
  stop(): void;
  down(): void;
  up(): void;
}

async function startCluster(): Promise<Cluster> {
  const bin = postgresBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'arsa-pg-'));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  chmodSync(dir, 0o700);
  const data = join(dir, 'data');
  runAsPostgres(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  // fsync off: the cluster lives for one test run; crash safety of the store is PostgreSQL's, tested upstream.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const up = (): void => runAsPostgres(join(bin, 'pg_ctl'), ['-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  up();
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    up,
    down: () => runAsPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']),
    stop() {
      try {
        runAsPostgres(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** Starts (or connects to) a server and creates a fresh database on it. */
export async function startTestPostgres(options: { own?: boolean } = {}): Promise<TestPostgres> {
  const given = options.own ? undefined : process.env.ARSA_TEST_PG_URL;
  const cluster = given ? undefined : await startCluster();
  const adminUrl = given ?? cluster!.adminUrl;
  const db = `arsa_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${db}`);
  } catch (e) {
    cluster?.stop();
    throw new Error(`could not create a test database on ${adminUrl}: ${(e as Error).message}`);
  } finally {
    await admin.end().catch(() => {});
  }
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return {
    url: url.toString(),
    ...(cluster ? {
      async restart(whileDown: () => Promise<void>) {
        cluster.down();
        try {
          await whileDown();
        } finally {
          cluster.up();
        }
      },
    } : {}),
    async stop() {
      if (cluster) {
        cluster.stop();
        return;
      }
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
