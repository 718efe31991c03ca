import { InputError } from '../../core/errors';
import { openLookupRecordStore } from '../../lookups/record/open-store';
import { projectSettingSources } from '../../lookups/settings';
import { checkGateReport } from '../../policy/check-report';
import { durationText } from '../../policy/plan-reserve';
import { CliCommand, parseCommandArgs, REPORT_LOCATION_OPTIONS } from '../command';

/**
 * `cdktf-headroom release`: ends a run's headroom reservations (made by `check --plan
 * --reserve`) in the lookup record: after `terraform apply` (the next lookup counts what it
 * created), or when the pipeline gives up. Releasing what is not there is not an error, so
 * a pipeline can always run it.
 */
export const releaseCommand: CliCommand = {
  name: 'release',
  usage: 'release [--run ID] [--stack PATH] [--outdir DIR | --report FILE]',
  summary:
    "End a run's headroom reservations (check --plan --reserve) in the lookup record (HEADROOM_LOOKUP_RECORD_URL, else the record file): after terraform apply, or when the pipeline gives up. The run defaults to the synth run of the report.",
  options: [
    { name: 'run', type: 'string', value: 'ID', description: 'the run whose reservations end; default the synth run of the report (DIR/headroom/report.json)' },
    { name: 'stack', type: 'string', value: 'PATH', description: "only this stack's reservations (its construct path); default every stack of the run" },
    ...REPORT_LOCATION_OPTIONS,
  ],
  examples: ['terraform apply plan.tfplan && npx cdktf-headroom release', 'cdktf-headroom release --run 4f1c2d0e-...'],
  async run(args, io) {
    const { values } = parseCommandArgs(releaseCommand.options, args);
    const f = values as { run?: string; stack?: string; outdir?: string; report?: string };
    if (f.outdir !== undefined && f.report !== undefined) throw new InputError('give --outdir or --report, not both');
    let run = f.run;
    if (run === undefined) {
      const r = checkGateReport({ report: f.report, outdir: f.outdir });
      if (!r.report) throw new InputError(`release needs the run: give --run ID, or run it where the synth's report is (${r.error})`);
      run = r.report.run.id;
    }
    const store = openLookupRecordStore(projectSettingSources(process.cwd()));
    if (!store.release) throw new InputError(`the lookup record ${store.location} keeps no reservations`);
    const gone = store.release(run, f.stack);
    if (gone.length === 0) {
      io.out(`no reservation of run ${run}${f.stack ? ` for stack ${f.stack}` : ''} in ${store.location}: nothing to release\n`);
      return 0;
    }
    io.out(`released ${gone.length} reservation(s) of run ${run} in ${store.location}:\n`);
    for (const r of gone) io.out(`  ${r.headroom} (stack ${r.stack}, quota ${r.quota}): ${r.amount}, made ${durationText(r.ageSeconds)} ago by ${r.who}\n`);
    return 0;
  },
};
