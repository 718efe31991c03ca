// HSS-aware scaling: before adding servers that Host Security Service must protect,
// look up how many idle HSS quotas of the edition they need are left, and refuse to
// add them when there are not enough.
//
// Run it against the bundled fake cloud (see README.md), or against Huawei Cloud with
// HW_ACCESS_KEY/HW_SECRET_KEY (or HW_AUTH_TOKEN), HW_REGION_NAME and HW_PROJECT_ID set.
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { HssVersion, QuotaDetail } from 'cdktf-headroom';

/** What this example needs to know; each can be set in the environment. */
const settings = {
  edition: (process.env.HSS_VERSION ?? 'hss.version.enterprise') as HssVersion, // QuotaDetail checks it
  newHosts: Number(process.env.NEW_HOSTS ?? 2),
  expiryWarningDays: Number(process.env.EXPIRY_WARNING_DAYS ?? 30),
};

class ProtectedHostsStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new NullProvider(this, 'null');

    // Every enterprise project's quotas of the edition the new hosts need.
    const hss = new QuotaDetail(this, 'hss', { enterpriseProjectId: 'all_granted_eps', version: settings.edition });

    // Plain numbers: idle quotas in normal status are the ones a new host can use.
    const idle = hss.idleQuotaFor(settings.edition);
    if (settings.newHosts > idle) {
      // A plain check for now; a Gate construct will report this with the other violations.
      throw new Error(
        `Refusing to add ${settings.newHosts} hosts: project ${hss.projectId} has ${idle} usable idle ${settings.edition} HSS quota(s) ` +
          `(${hss.idleNum - idle} more are idle but expired or frozen), so ${settings.newHosts - idle} more are needed. ` +
          'Buy or release HSS quota, or lower NEW_HOSTS.',
      );
    }

    for (let i = 0; i < settings.newHosts; i++) {
      new Resource(this, `host-${i}`, { triggers: { index: String(i), hssEdition: settings.edition } });
    }
    const warnBefore = Date.now() + settings.expiryWarningDays * 86_400_000;
    new TerraformOutput(this, 'hosts', {
      value: {
        added: settings.newHosts,
        edition: settings.edition,
        idleQuotaBefore: idle,
        idleQuotaAfter: idle - settings.newHosts,
        expiringWithinWarningPeriod: hss.quotasExpiringBefore(warnBefore).length,
      },
    });
  }
}

if (!Number.isInteger(settings.newHosts) || settings.newHosts < 0) {
  throw new Error(`NEW_HOSTS must be a whole number of hosts; got ${JSON.stringify(process.env.NEW_HOSTS)}.`);
}

const app = new App();
new ProtectedHostsStack(app, 'hss-quota');
app.synth();
