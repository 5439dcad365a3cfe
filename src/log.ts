import pino from 'pino';

export type Logger = pino.Logger;

/**
 * JSON logs on stdout (pretty on a terminal). Interaction tokens, the bot token and authorization
 * headers are redacted wherever they appear in logged objects.
 */
export function createLogger(
  level: string,
  opts: { pretty?: boolean; destination?: pino.DestinationStream; async?: boolean } = {},
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
  // The service writes asynchronously: a slow reader of stdout (a full pipe) never blocks the event
  // loop that acknowledges interactions; `flushLog` before exiting writes out what is buffered.
  // Command-line tools write synchronously, so nothing is lost when they exit.
  return pino(options, pino.destination({ dest: 1, sync: opts.async !== true }));
}

/** Writes out what the logger still holds (call before process.exit); resolves within `ms` at most. */
export function flushLog(log: Logger, ms = 1000): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    try {
      log.flush(() => {
        clearTimeout(timer);
        resolve();
      });
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** A logger that drops everything, for tests and tools that print their own output. */
export const silentLogger: Logger = pino({ level: 'silent' });
