// HSS-aware scaling: before adding servers that Host Security Service must protect,
// look up how many idle HSS quotas of the edition they need are left, and gate the new
// servers on it: a Gate refuses to add them when there are not enough, and warns when
// the quotas they would take expire soon.
//
// Run it against the bundled fake cloud (see README.md), or against Huawei Cloud with
// HW_ACCESS_KEY/HW_SECRET_KEY (or HW_AUTH_TOKEN), HW_REGION_NAME and HW_PROJECT_ID set.
import { App, Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { Gate, HssVersion, QuotaDetail, Rule } from 'cdktf-headroom';

const DAY_MS = 86_400_000;

/** A whole number of at least 0 from the environment, or the default; anything else stops synth with a clear message. */
function count(name: string, fallback: number, unit: string): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of ${unit} (0 or more); got ${JSON.stringify(raw)}.`);
  return value;
}

/** A boolean from the environment, or the default; anything else stops synth with a clear message. */
function flag(name: string, fallback: boolean): boolean {
  const raw = (process.env[name] ?? '').trim().toLowerCase();
  if (raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false (or 1 or 0); got ${JSON.stringify(process.env[name])}.`);
}

/** What this example needs to know; each can be set in the environment. */
const settings = {
  edition: (process.env.HSS_VERSION ?? 'hss.version.enterprise') as HssVersion, // QuotaDetail checks it
  newHosts: count('NEW_HOSTS', 2, 'hosts'),
  expiryWarningDays: count('EXPIRY_WARNING_DAYS', 30, 'days'),
  /** false: synth always finishes, and the gate stops `terraform plan` and `cdktf-headroom check` instead. */
  enforceAtSynth: flag('ENFORCE_AT_SYNTH', true),
};

class ProtectedHostsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new NullProvider(this, 'null');

    // Every enterprise project's quotas of the edition the new hosts need.
    const hss = new QuotaDetail(this, 'hss', { enterpriseProjectId: 'all_granted_eps', version: settings.edition });
    const { edition, newHosts, expiryWarningDays } = settings;

    // Idle quotas in normal status are the ones a new host can use (expired or frozen ones cannot).
    const usableIdle = (): number => hss.idleQuotaFor(edition);
    // Those that expire within the warning period protect the new hosts only until then.
    const warnBefore = Date.now() + expiryWarningDays * DAY_MS;
    const warnDate = new Date(warnBefore).toISOString().slice(0, 10);
    const expiringIdle = (): number =>
      hss.quotasExpiringBefore(warnBefore).filter((q) => q.version === edition && q.usedStatus === 'idle' && q.quotaStatus === 'normal').length;
    // New hosts that would get one of those, when the ones that last are taken first.
    const hostsOnExpiringQuota = (): number => Math.max(0, Math.min(newHosts, usableIdle()) - (usableIdle() - expiringIdle()));

    const gate = new Gate(this, 'gate', {
      enforceAtPlan: true,
      enforceAtSynth: settings.enforceAtSynth,
      rules: [
        Rule.atLeast('hss-idle-quota', usableIdle, newHosts, {
          source: hss,
          description: `usable idle ${edition} HSS quota covers the ${newHosts} new hosts (NEW_HOSTS)`,
          fix:
            `Buy ${edition} HSS quota in project ${hss.projectId}, unbind it from servers that no longer need protection, ` +
            'renew expired or unfreeze frozen idle quotas, or lower NEW_HOSTS.',
        }),
        Rule.atMost('hss-hosts-on-expiring-quota', hostsOnExpiringQuota, 0, {
          level: 'warning',
          source: hss,
          description: `new hosts that would take an idle ${edition} HSS quota expiring before ${warnDate} (EXPIRY_WARNING_DAYS=${expiryWarningDays})`,
          fix: `Renew the idle ${edition} quotas that expire before ${warnDate}; the hosts they protect lose HSS protection when they expire.`,
        }),
      ],
    });

    const hosts = Array.from({ length: newHosts }, (_, i) => new Resource(this, `host-${i}`, { triggers: { index: String(i), hssEdition: edition } }));
    gate.protect(...hosts); // `terraform plan` stops at the gate's preconditions before planning them

    // Read inside app.synth() (which writes the gate reports however it ends), not here,
    // where a failed lookup would throw before any report is written.
    new TerraformOutput(this, 'hosts', {
      value: Lazy.anyValue({
        produce: () => ({
          added: newHosts,
          edition,
          idleQuotaBefore: usableIdle(),
          idleQuotaAfter: usableIdle() - newHosts,
          idleQuotaExpiringSoon: expiringIdle(),
          hostsOnExpiringQuota: hostsOnExpiringQuota(),
          warningPeriodEnds: warnDate,
        }),
      }),
    });
  }
}

const app = new App();
new ProtectedHostsStack(app, 'hss-quota');
app.synth();
