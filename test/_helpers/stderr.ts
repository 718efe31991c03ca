/**
 * The one-line batch summary a live lookup batch prints under `cdktf synth` (CDKTF_OUTDIR
 * set), on stdout: success is not shown as an error by the CLIs.
 */
export const BATCH_SUMMARY = /^cdktf-headroom: \d+ lookups?, \d+ requests?, \d+ retr(?:y|ies), \d+\.\d s$/;

/**
 * Collects what the code under test writes to this process's stderr during each test (and
 * keeps it off the jest output); returns a getter for the text written so far.
 */
export function useStderr(): () => string {
  let text = '';
  let spy: jest.SpyInstance | undefined;
  beforeEach(() => {
    text = '';
    spy = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      text += String(chunk);
      return true;
    });
  });
  afterEach(() => spy?.mockRestore());
  return () => text;
}
