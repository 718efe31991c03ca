// Prints one plain closing line, `jest: N passed, N failed, N skipped`, after a run,
// so CI logs state the count in a form any reader recognises.
'use strict';
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
