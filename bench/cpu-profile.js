// Preloaded into each worker when BENCH_NOTIFY_CPU_PROFILE=<dir> is set (node --require): records
// a V8 CPU profile from start to SIGTERM and writes it to <dir>/<pid>.cpuprofile, for Chrome's
// DevTools or speedscope. Node's own --cpu-prof writes only on a normal exit, and Nest ends a
// worker on SIGTERM by sending itself the signal again once it has closed.
'use strict';

const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const dir = process.env.BENCH_NOTIFY_CPU_PROFILE;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 }); // µs
  session.post('Profiler.start');
  // Registered before Nest's own listener, so it runs first; the in-process session answers synchronously.
  process.once('SIGTERM', () => {
    session.post('Profiler.stop', (error, result) => {
      if (!error) writeFileSync(join(dir, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
