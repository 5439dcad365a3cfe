import pino from 'pino';

export type Logger = pino.Logger;

/** The longest a service's log line waits in its buffer before it is written, ms. */
export const LOG_FLUSH_MS = 250;

/**
 * JSON logs on stdout (pretty on a terminal). Interaction tokens, the bot token and authorization
 * headers are redacted wherever they appear in logged objects.
 */
export function createLogger(
  level: string,
  opts: {
    pretty?: boolean;
    destination?: pino.DestinationStream;
    /** The service's buffered writing (see below) instead of a command-line tool's synchronous one. */
    async?: boolean;
    /** The file descriptor written to (default 1, stdout). */
    fd?: number;
  } = {},
): Logger {
  const pretty = opts.pretty ?? process.stdout.isTTY === true;
  const options: pino.LoggerOptions = {
    level,
    base: undefined,
    redact: {
      paths: [
        'token',
        '*.token',
        'botToken',
        '*.botToken',
        'authorization',
        '*.authorization',
        'headers.authorization',
      ],
      censor: '[redacted]',
    },
  };
  if (opts.destination) return pino(options, opts.destination);
  if (pretty) {
    return pino({
      ...options,
      transport: { target: 'pino-pretty', options: { destination: 1, colorize: true } },
    });
  }
  // Command-line tools write synchronously, so nothing is lost when they exit.
  const dest = opts.fd ?? 1;
  if (opts.async !== true) return pino(options, pino.destination({ dest, sync: true }));
  // The service writes asynchronously: a slow reader of stdout (a full pipe) never blocks the event
  // loop that acknowledges interactions. Lines are gathered into writes of up to 4 KiB (whole lines,
  // so each write to a pipe stays atomic beside the other thread's), sent at least every
  // LOG_FLUSH_MS: one write per question cost the acknowledging thread a switch to libuv's thread
  // pool and back, about 8 % of its time at 700 questions a second. `flushLog` before exiting, and
  // pino's own exit handler, write out what is buffered.
  return pino(
    options,
    pino.destination({ dest, sync: false, minLength: 2048, maxWrite: 4096, periodicFlush: LOG_FLUSH_MS }),
  );
}

/**
 * Writes out what the logger still holds (call before process.exit); resolves within `ms` at most.
 * sonic-boom 4 calls a flush's callback once the write under way ends, even when less than
 * `minLength` is still buffered behind it: that remainder is then written synchronously.
 */
export function flushLog(log: Logger, ms = 1000): Promise<void> {
  const stream = (log as unknown as Record<symbol, { flushSync?: () => void } | undefined>)[
    pino.symbols.streamSym
  ];
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      try {
        stream?.flushSync?.();
      } catch {
        // Not ready, or stdout closed: nothing more can be written.
      }
      resolve();
    };
    try {
      log.flush(done);
    } catch {
      done();
    }
  });
}

/** A logger that drops everything, for tests and tools that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
