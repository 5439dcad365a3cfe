// Preloaded into the local Chroma server process (node --import): when the process that started
// it is gone (crashed, or killed with SIGKILL so it could not stop the server), stop too instead of
// living on with the data folder open. The server's native code keeps the main thread busy, so the
// check runs in a worker thread, which has an event loop of its own.
import { Worker } from 'node:worker_threads';

const watcher = `
  const { workerData } = require('node:worker_threads');
  setInterval(() => {
    try {
      process.kill(workerData.parent, 0);
    } catch {
      process.kill(workerData.self, 'SIGTERM');
    }
  }, 1000);
`;
new Worker(watcher, { eval: true, workerData: { parent: process.ppid, self: process.pid } }).unref();
