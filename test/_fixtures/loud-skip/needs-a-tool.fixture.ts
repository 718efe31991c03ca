// Run by test/tooling/loud-skip.test.ts in a child jest: a test that needs a tool that is never there.
import { itWithTool, toolRuns } from '../../_helpers/tools';

const withTool = itWithTool('no-such-tool-for-the-skip-test', toolRuns('no-such-tool-for-the-skip-test'));

withTool('needs the tool', () => {
  expect(true).toBe(true);
});

it('runs without it', () => {
  expect(1 + 1).toBe(2);
});
