#!/usr/bin/env node
// A throwaway PostgreSQL server for the shared lookup record's tests, the benchmark, and
// trying it locally: initdb into a temp directory, pg_ctl start on a free loopback port
// (as the `postgres` user when run as root: the server refuses root), its unix socket in
// the temp directory; stop() removes it all.
//
//   node scripts/postgres-server.js     starts one, prints HEADROOM_LOOKUP_RECORD_URL, stops on Ctrl-C
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/** A role with a password, logging in over TCP with scram-sha-256 (every other role is trusted). */
const PASSWORD_ROLE = { user: 'headroom_pw', password: 'S3cret-pa55-word' };

/** The directory of the PostgreSQL server binaries (initdb, pg_ctl), the newest installed; undefined when none is. */
function postgresBinDir() {
  if (process.env.HEADROOM_PG_BIN) return process.env.HEADROOM_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'pg_ctl'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  return versions.length > 0 ? path.join(root, versions[0], 'bin') : undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a server; resolves to { port, dataDir, caFile (its TLS certificate, when openssl made one), url(options), sql(text, values), createDatabase(), stop() }. */
async function startPostgres() {
  const bin = postgresBinDir();
  if (!bin) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin (apt-get install postgresql-15, or set HEADROOM_PG_BIN)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'headroom-pg-'));
  const dataDir = path.join(dir, 'data');
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    fs.chownSync(dir, uid, gid);
  }
  const run = (tool, args) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } }).toString();
  };
  run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  fs.writeFileSync(
    path.join(dataDir, 'pg_hba.conf'),
    ['local all all trust', `host all ${PASSWORD_ROLE.user} 127.0.0.1/32 scram-sha-256`, 'host all all 127.0.0.1/32 trust', ''].join('\n'),
  );
  // TLS too, when openssl is there: a self-signed certificate for 127.0.0.1 (it is its own CA).
  let caFile;
  let tls = '';
  try {
    const cert = path.join(dataDir, 'server.crt');
    const key = path.join(dataDir, 'server.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=headroom-test',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    fs.chmodSync(key, 0o600);
    if (asRoot) for (const f of [cert, key]) fs.chownSync(f, ...['-u', '-g'].map((o) => Number(execFileSync('id', [o, 'postgres']).toString().trim())));
    caFile = path.join(dir, 'ca.crt');
    fs.copyFileSync(cert, caFile);
    tls = ` -c ssl=on -c ssl_cert_file=${cert} -c ssl_key_file=${key}`;
  } catch {
    caFile = undefined; // no openssl: a plain server
  }
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200 -c shared_buffers=16MB${tls}`;
  run('pg_ctl', ['start', '-D', dataDir, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o', options]);

  const url = ({ db = 'headroom', user = 'postgres', password, port: p = port } = {}) =>
    `postgres://${encodeURIComponent(user)}${password ? `:${encodeURIComponent(password)}` : ''}@127.0.0.1:${p}/${db}`;
  const sql = async (text, values = []) => {
    const { Client } = require('pg');
    const client = new Client({ connectionString: url({ db: 'postgres' }) });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  let dbs = 0;
  const stop = () => {
    try {
      run('pg_ctl', ['stop', '-D', dataDir, '-m', 'immediate', '-w']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    await sql(`CREATE ROLE ${PASSWORD_ROLE.user} LOGIN SUPERUSER PASSWORD '${PASSWORD_ROLE.password}'`);
    await sql('CREATE DATABASE headroom');
  } catch (err) {
    stop();
    throw err;
  }
  return {
    port,
    dataDir,
    caFile,
    url,
    sql,
    async createDatabase() {
      const name = `headroom_${process.pid}_${++dbs}`;
      await sql(`CREATE DATABASE ${name}`);
      return name;
    },
    stop,
  };
}

module.exports = { PASSWORD_ROLE, postgresBinDir, startPostgres };

if (require.main === module) {
  startPostgres().then(
    (server) => {
      console.log(`PostgreSQL on 127.0.0.1:${server.port} (data in ${server.dataDir}); Ctrl-C stops it and removes the data.`);
      console.log(`export HEADROOM_LOOKUP_RECORD_URL=${server.url()}`);
      const stop = () => {
        server.stop();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      setInterval(() => undefined, 1 << 30);
    },
    (err) => {
      console.error(err.message);
      process.exit(1);
    },
  );
}
