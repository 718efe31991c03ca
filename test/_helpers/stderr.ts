/** The one-line batch summary a live lookup batch prints under `cdktf synth` (CDKTF_OUTDIR set). */
export const BATCH_SUMMARY = /^cdktf-headroom: \d+ lookups?, \d+ requests, \d+ retries, \d+\.\d s$/;

/** stderr without the batch summary lines, for tests that expect nothing else. */
export function withoutBatchSummary(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => !BATCH_SUMMARY.test(line))
    .join('\n');
}
