/**
 * The one-line batch summary a live lookup batch prints under `cdktf synth` (CDKTF_OUTDIR
 * set), on stdout: success is not shown as an error by the CLIs.
 */
export const BATCH_SUMMARY = /^cdktf-headroom: \d+ lookups?, \d+ requests?, \d+ retr(?:y|ies), \d+\.\d s$/;
