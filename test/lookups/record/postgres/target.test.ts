import { InputError } from '../../../../src/core/errors';
import { lookupRecordUrl } from '../../../../src/lookups/settings';
import { postgresRecordTarget } from '../../../../src/lookups/record/postgres/target';
import { thrownBy } from '../../../_helpers/rejection';

const sources = (env: Record<string, string> = {}, context: Record<string, unknown> = {}) => ({ env, context: (k: string) => context[k] });

describe('postgresRecordTarget', () => {
  it('takes host, port, database and user from the URL; the PG* variables fill in only what it leaves out', () => {
    const env = { PGHOST: 'envhost', PGPORT: '6000', PGUSER: 'envuser', PGPASSWORD: 'env-Secret-1', PGDATABASE: 'envdb', PGSSLMODE: 'require' };
    const full = postgresRecordTarget('postgres://ci:url-Secret-2@db.example:5433/headroom?sslmode=verify-full', env);
    expect(full.location).toBe('PostgreSQL database "headroom" on db.example:5433 (user "ci")');
    expect(full.sslmode).toBe('verify-full');
    expect(new URL(full.url).password).toBe('url-Secret-2');
    expect(full.secrets).toContain('url-Secret-2');

    const bare = postgresRecordTarget('postgres://', env);
    expect(bare.location).toBe('PostgreSQL database "envdb" on envhost:6000 (user "envuser")');
    expect(bare.sslmode).toBe('require');
    const params = new URL(bare.url).searchParams;
    expect(params.get('password')).toBe('env-Secret-1');
    expect(bare.secrets).toContain('env-Secret-1');
    expect(bare.location).not.toContain('Secret');
  });

  it('names a unix socket directory as such', () => {
    expect(postgresRecordTarget('postgresql:///records?host=/var/run/postgresql', { PGUSER: 'u' }).location).toBe(
      'PostgreSQL database "records" on /var/run/postgresql (socket), port 5432 (user "u")',
    );
  });

  it('refuses an unknown sslmode and a URL that is not one, never showing the password', () => {
    const bad = thrownBy(() => postgresRecordTarget('postgres://u:pw-Secret-3@h/db?sslmode=sometimes', {}));
    expect(bad).toBeInstanceOf(InputError);
    expect(bad.message).toMatch(/sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full .*got "sometimes"/);
    expect(bad.message).not.toContain('pw-Secret-3');
    const broken = thrownBy(() => postgresRecordTarget('postgres://u:pw-Secret-3@h:99999999/db', {}));
    expect(broken).toBeInstanceOf(InputError);
    expect(broken.message).not.toContain('pw-Secret-3');
  });
});

describe('lookupRecordUrl', () => {
  it('is unset by default, read from the environment before cdktf context', () => {
    expect(lookupRecordUrl(sources())).toBeUndefined();
    expect(lookupRecordUrl(sources({}, { 'headroom:lookupRecordUrl': 'postgres://h/ctx' }))?.url).toBe('postgres://h/ctx');
    expect(lookupRecordUrl(sources({ HEADROOM_LOOKUP_RECORD_URL: 'postgresql://h/env' }, { 'headroom:lookupRecordUrl': 'postgres://h/ctx' }))?.url).toBe(
      'postgresql://h/env',
    );
  });

  it('refuses what is not a postgres:// URL, showing only its start', () => {
    const err = thrownBy(() => lookupRecordUrl(sources({ HEADROOM_LOOKUP_RECORD_URL: 'mysql://root:hunter2-Secret@h/db' })));
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toContain('environment variable HEADROOM_LOOKUP_RECORD_URL must be the URL of a PostgreSQL database');
    expect(err.message).toContain('got a "mysql:" URL');
    expect(err.message).not.toContain('hunter2-Secret');
  });
});
