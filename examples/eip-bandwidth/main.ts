// Bandwidth-gated release: look up the current bandwidth of UCloud EIPs and refuse to
// synthesize (so a plan pipeline stops before anything is deployed) when the busiest
// EIP is above a bound.
//
// Run it against the bundled fake cloud (see README.md), or against UCloud with your keys
// in UCLOUD_PUBLIC_KEY/UCLOUD_PRIVATE_KEY (or ~/.ucloud/credential.json).
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { EipBandwidthUsage } from 'cdktf-headroom';

/** What this example needs to know; each can be set in the environment. */
const settings = {
  region: process.env.UCLOUD_REGION ?? 'cn-bj2',
  /** Comma-separated EIP ids; empty means every EIP in the region. */
  eipIds: (process.env.EIP_IDS ?? '').split(',').map((s) => s.trim()).filter((s) => s !== ''),
  /** The bound, in Mbps: the busiest EIP must be at or under it. */
  maxPeakMbps: Number(process.env.MAX_PEAK_MBPS ?? 100),
};

class ReleaseStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    if (!Number.isFinite(settings.maxPeakMbps) || settings.maxPeakMbps < 0) {
      throw new Error(`MAX_PEAK_MBPS must be a non-negative number of Mbps; got ${JSON.stringify(process.env.MAX_PEAK_MBPS)}.`);
    }
    new NullProvider(this, 'null');

    const bw = new EipBandwidthUsage(this, 'bandwidth', { region: settings.region, eipIds: settings.eipIds });

    // Plain numbers: compare them like any other value. A failed lookup throws here, so
    // the check fails closed. (A Gate construct will take over this check.)
    const over = bw.eips.filter((e) => e.curBandwidthMbps > settings.maxPeakMbps);
    if (over.length > 0) {
      const list = over.map((e) => `${e.eipId} ${e.curBandwidthMbps} Mbps`).join(', ');
      throw new Error(
        `${this.node.path}: refusing to synthesize: peak EIP bandwidth in ${bw.region} is ${bw.maxMbps} Mbps, above the bound of ` +
          `${settings.maxPeakMbps} Mbps (MAX_PEAK_MBPS). Over the bound: ${list}. Add bandwidth to these EIPs or move traffic off them, ` +
          'then synthesize again.',
      );
    }
    if (bw.missingIds.length > 0) {
      throw new Error(`${this.node.path}: UCloud reported no bandwidth for ${bw.missingIds.join(', ')} in ${bw.region}; check EIP_IDS and UCLOUD_REGION.`);
    }

    new Resource(this, 'release', { triggers: { peakMbps: String(bw.maxMbps) } });
    new TerraformOutput(this, 'release-check', {
      value: { eips: bw.totalCount, totalMbps: bw.totalMbps, peakMbps: bw.maxMbps, boundMbps: settings.maxPeakMbps },
    });
  }
}

const app = new App();
new ReleaseStack(app, 'eip-bandwidth');
app.synth();
