// Prints one plain closing line, `jest: N passed, N failed, N skipped`, after a run,
// so CI logs state the count in a form any reader recognises. Tests skipped for a missing
// tool (their name, or a describe's, ends with `[skipped: why]`: see test/_helpers/tools.ts)
// get one more line per reason, after it, so a full run cannot scroll the skip out of sight.
'use strict';
const SKIP_MARK = /\[skipped: (.+)\]$/;

/** The reasons of the marked skipped tests, with how many tests each skipped. */
function skipReasons(results) {
  const reasons = new Map();
  for (const file of results.testResults ?? []) {
    for (const t of file.testResults ?? []) {
      if (t.status !== 'pending' && t.status !== 'skipped') continue;
      const mark = [t.title, ...(t.ancestorTitles ?? [])].map((name) => SKIP_MARK.exec(name)).find(Boolean);
      if (mark) reasons.set(mark[1], (reasons.get(mark[1]) ?? 0) + 1);
    }
  }
  return reasons;
}

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    let text = `\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`;
    for (const [why, count] of skipReasons(results)) {
      text += `jest: SKIPPED ${count} test${count === 1 ? '' : 's'}: ${why}. Set HEADROOM_REQUIRE_TOOLS=1 to make this a failure.\n`;
    }
    process.stdout.write(text);
  }
}
module.exports = SummaryReporter;
