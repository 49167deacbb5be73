// Preloaded (node --require) into a process that bench/paired.ts times: as the process exits it
// writes the CPU time it used (user + system, all its threads, microseconds) to file descriptor 3.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const { user, system } = process.cpuUsage();
  writeSync(3, `${user + system}\n`);
});
