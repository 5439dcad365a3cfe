import { ConfigError, loadSettings } from './config';
import { describeError } from './errors';
import { createLogger, flushLog } from './log';
import { type Running, startAll, startEndpointOnly, startWorkerOnly } from './roles/processes';
import { redactUrl } from './store/errors';
import { LocalChromaUnavailable } from './vector/local-server';

/** What each ROLE starts; decided here, once. */
const ROLES = { all: startAll, endpoint: startEndpointOnly, worker: startWorkerOnly } as const;

/** Answers in flight get this long to end with a final edit; the rest go back in line. */
const GRACE_MS = 20_000;
/** Whatever happens, the process is gone this long after the first signal. */
const HARD_STOP_MS = 29_000;

/**
 * The Node entry: settings → role → serve; any number of SIGTERM/SIGINT (a process manager signals
 * every process of the group, a terminal's Ctrl-C too, node may get several) lead to one graceful
 * stop within 30 s.
 */
async function main(): Promise<void> {
  // The role decides what must be set (a worker answers through the application's webhooks but
  // never verifies a request, so it needs no public key); every problem is reported in one run.
  const settings = loadSettings(['start']);
  const log = createLogger(settings.logLevel ?? 'info', { async: true });
  let running: Running | undefined;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error('shutdown took too long; exiting');
      void flushLog(log, 500).then(() => process.exit(1));
    }, HARD_STOP_MS).unref();
    // A signal while the role starts (ROLE=all acknowledges before its worker thread runs): the
    // start ends first, then the same graceful stop runs below.
    if (running === undefined) return;
    void running.stop(GRACE_MS).then(
      async () => {
        log.info('stopped');
        await flushLog(log);
        process.exit(0);
      },
      async (err: unknown) => {
        log.error({ err: describeError(err) }, 'shutdown failed');
        await flushLog(log);
        process.exit(1);
      },
    );
  };
  // Registered before anything starts, so a signal during start-up still ends in a clean stop.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, stop);
  process.on('unhandledRejection', (err) => log.error({ err: describeError(err) }, 'unhandled rejection'));
  running = await ROLES[settings.role](settings, log);
  if (stopping) {
    await running.stop(GRACE_MS);
    await flushLog(log);
    process.exit(0);
  }
}

main().catch((err: unknown) => {
  // One clear line, no stack, for the errors an operator can fix.
  process.stderr.write(
    `${err instanceof ConfigError || err instanceof LocalChromaUnavailable ? err.message : `start failed: ${redactUrl(describeError(err))}`}\n`,
  );
  process.exit(1);
});
