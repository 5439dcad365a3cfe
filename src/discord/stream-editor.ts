/**
 * Shows a growing text by editing one message at most once per `intervalMs`, with at most one
 * edit in flight: intermediate texts are skipped, never queued, so a slow Discord never delays
 * the answer. The first update goes out at once.
 */
export interface StreamEditor {
  update(text: string): void;
  /** Stops editing and waits for an edit in flight, so the final edit lands last. */
  finish(): Promise<void>;
}

export function createStreamEditor(
  edit: (text: string) => Promise<void>,
  opts: { intervalMs?: number; now?: () => number; onError?: (err: unknown) => void } = {},
): StreamEditor {
  const { intervalMs = 1000, now = Date.now, onError = () => {} } = opts;
  let latest: string | undefined;
  let inFlight: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let lastAt = Number.NEGATIVE_INFINITY;
  let finished = false;

  const flush = () => {
    timer = undefined;
    if (finished || latest === undefined) return;
    const text = latest;
    latest = undefined;
    lastAt = now();
    inFlight = edit(text)
      .catch(onError)
      .finally(() => {
        inFlight = undefined;
        schedule();
      });
  };
  const schedule = () => {
    if (finished || inFlight || timer || latest === undefined) return;
    timer = setTimeout(flush, Math.max(0, lastAt + intervalMs - now()));
  };
  return {
    update(text) {
      latest = text;
      schedule();
    },
    async finish() {
      finished = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
