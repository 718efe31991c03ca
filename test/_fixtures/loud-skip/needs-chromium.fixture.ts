// Run by test/tooling/loud-skip.test.ts in a child jest, with HEADROOM_CHROMIUM naming a browser
// that is not there: the browser tests' describe, as test/policy/html-report.browser.test.ts uses it.
import { describeWithChromium } from '../../_helpers/chromium';

describeWithChromium('the HTML report in a real browser (chromium)', () => {
  it('draws the report', () => {
    expect(true).toBe(true);
  });

  it('draws the bars', () => {
    expect(true).toBe(true);
  });
});

it('runs without it', () => {
  expect(1 + 1).toBe(2);
});
