// V8 heap flags for a qldb-migrate process, chosen from its arguments.
//
// Memory stays bounded whatever the export size (everything streams): a capped old space makes V8 collect rather
// than grow. The young generation is sized by what the main thread does. Where it parses the export (every command
// but `load`, and `load --workers 0`) a large one makes the many short-lived values cheaper to collect (a 1M-revision
// load in one thread: 20 s with 32 MB semi-spaces, 26 s with 8 MB). Where worker threads parse (`load`), the main
// thread only hands their chunks to PostgreSQL, and a large young generation is collected so rarely that it holds
// the chunks' memory long after they were sent (peak RSS with two workers: 395 MB with 32 MB semi-spaces, 259 MB
// with 8 MB, no slower).

/** The value of `--workers` (`--workers N` or `--workers=N`), or undefined. */
function workersOption(args) {
  const at = args.findIndex((arg) => arg === '--workers' || arg.startsWith('--workers='));
  if (at < 0) return undefined;
  return args[at].startsWith('--workers=') ? args[at].slice('--workers='.length) : args[at + 1];
}

/** Whether worker threads parse the export (a `load` not told `--workers 0`). */
function workersParse(args) {
  const workers = workersOption(args);
  return args[0] === 'load' && (workers === undefined || Number(workers) !== 0);
}

function heapFlags(args) {
  return ['--max-old-space-size=384', `--max-semi-space-size=${workersParse(args) ? 8 : 32}`];
}

module.exports = { heapFlags };
