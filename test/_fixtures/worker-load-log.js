// Preloaded into worker threads (SYNCKIT_EXEC_ARGV=--require,<this file>): appends the path
// of every JavaScript file a worker thread loads to the file $WORKER_LOAD_LOG, as it is
// loaded, so a test can tell what the lookup worker of a child synth loaded and when. The
// main thread is left alone.
const { isMainThread } = require('node:worker_threads');
const fs = require('node:fs');
const Module = require('node:module');

const log = process.env.WORKER_LOAD_LOG;
if (!isMainThread && log) {
  const compile = Module._extensions['.js'];
  Module._extensions['.js'] = function logged(module, filename) {
    fs.appendFileSync(log, `${filename}\n`);
    return compile.call(this, module, filename);
  };
}
