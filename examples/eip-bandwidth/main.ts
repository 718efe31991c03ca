// Bandwidth-gated release: look up the current bandwidth of UCloud EIPs and gate the
// release on it. A Gate refuses to synthesize (so a plan pipeline stops before anything
// is deployed) when the busiest EIP is above a bound, or when UCloud does not know an EIP
// asked for; its plan-time check stops `terraform plan` too.
//
// Run it against the bundled fake cloud (see README.md), or against UCloud with your keys
// in UCLOUD_PUBLIC_KEY/UCLOUD_PRIVATE_KEY (or ~/.ucloud/credential.json).
import { App, Lazy, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { NullProvider } from '@cdktf/provider-null/lib/provider';
import { Resource } from '@cdktf/provider-null/lib/resource';
import { EipBandwidthUsage, Gate, Rule } from 'cdktf-headroom';

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
  region: process.env.UCLOUD_REGION ?? 'cn-bj2',
  /** Comma-separated EIP ids; empty means every EIP in the region. */
  eipIds: (process.env.EIP_IDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== ''),
  /** The bound, in Mbps: the busiest EIP must be at or under it. */
  maxPeakMbps: Number(process.env.MAX_PEAK_MBPS ?? 100),
  /** false: synth always finishes, and the gate stops `terraform plan` and `cdktf-headroom check` instead. */
  enforceAtSynth: flag('ENFORCE_AT_SYNTH', true),
};

class ReleaseStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    if (!Number.isFinite(settings.maxPeakMbps) || settings.maxPeakMbps < 0) {
      throw new Error(`MAX_PEAK_MBPS must be a non-negative number of Mbps; got ${JSON.stringify(process.env.MAX_PEAK_MBPS)}.`);
    }
    new NullProvider(this, 'null');

    const bw = new EipBandwidthUsage(this, 'bandwidth', { region: settings.region, eipIds: settings.eipIds });

    // The fix names the EIPs over the bound, so read them now. A failed lookup leaves the
    // list empty, and the rule (whose source is the lookup) fails closed with its error.
    const over = bw.lookupError ? [] : bw.eips.filter((e) => e.curBandwidthMbps > settings.maxPeakMbps);

    const gate = new Gate(this, 'gate', {
      enforceAtPlan: true,
      enforceAtSynth: settings.enforceAtSynth,
      rules: [
        Rule.atMost('eip-peak-mbps', () => bw.maxMbps, settings.maxPeakMbps, {
          source: bw,
          description: `the busiest EIP in ${bw.region} uses at most ${settings.maxPeakMbps} Mbps (MAX_PEAK_MBPS)`,
          fix:
            over.length > 0
              ? `Over the bound: ${over.map((e) => `${e.eipId} ${e.curBandwidthMbps} Mbps`).join(', ')}. Add bandwidth to these EIPs or move traffic off them, then synthesize again.`
              : undefined,
        }),
        Rule.custom(
          'eip-ids-reported',
          () => {
            const missing = bw.missingIds;
            return {
              pass: missing.length === 0,
              observed: missing.length,
              bound: 0,
              message:
                missing.length === 0
                  ? `UCloud reported every EIP asked for (${settings.eipIds.length === 0 ? `all ${bw.totalCount} in ${bw.region}` : settings.eipIds.join(', ')}).`
                  : `UCloud reported no bandwidth for ${missing.join(', ')} in ${bw.region}.`,
            };
          },
          {
            source: bw,
            description: 'every EIP in EIP_IDS is reported by UCloud',
            fix: 'Check EIP_IDS and UCLOUD_REGION (and UCLOUD_PROJECT_ID for EIPs of another project).',
          },
        ),
      ],
    });

    // Values the lookup read go through Lazy: they are read inside app.synth(), which writes
    // the gate reports however it ends; read here, a failed lookup would throw before that.
    const release = new Resource(this, 'release', { triggers: { peakMbps: Lazy.stringValue({ produce: () => String(bw.maxMbps) }) } });
    gate.protect(release); // `terraform plan` stops at the gate's preconditions before planning it

    new TerraformOutput(this, 'release-check', {
      value: Lazy.anyValue({ produce: () => ({ eips: bw.totalCount, totalMbps: bw.totalMbps, peakMbps: bw.maxMbps, boundMbps: settings.maxPeakMbps }) }),
    });
  }
}

const app = new App();
new ReleaseStack(app, 'eip-bandwidth');
app.synth();
