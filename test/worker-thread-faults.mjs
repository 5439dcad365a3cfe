// Preloaded into a ROLE=all process under test (`node --import ./test/worker-thread-faults.mjs …`),
// which carries it into its worker thread: once the file FAULTS_GO exists, the first worker thread
// leaves a promise rejected with nobody to handle it, then throws an uncaught exception (its end).
// A restarted thread finds FAULTS_DONE and does nothing. test/worker-thread-faults.test.ts.
import { existsSync, writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

const go = process.env.FAULTS_GO;
const done = `${go}.done`;
if (!isMainThread && go !== undefined && !existsSync(done)) {
  const timer = setInterval(() => {
    if (!existsSync(go)) return;
    clearInterval(timer);
    writeFileSync(done, '');
    Promise.reject(new Error('a stray rejection (test)'));
    setTimeout(() => {
      throw new Error('an uncaught exception on the worker thread (test)');
    }, 500);
  }, 50);
}
