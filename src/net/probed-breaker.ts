import {
  BrokenCircuitError,
  type CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
} from 'cockatiel';

/**
 * A circuit breaker (cockatiel's) for one network peer whose open circuit is closed by a cheap
 * probe rather than by a fixed wait: while open, `probe` runs every `probeIntervalMs`; once the
 * peer answers, a failure the probe rules out (say, "unreachable") closes the circuit at once,
 * and any other lets the next real call through as the trial. So a peer that comes back is used
 * again within about one probe interval, where cockatiel's own `halfOpenAfter` would make every
 * caller wait out a fixed period (30 s before issue 18).
 */
export interface ProbedBreaker {
  /** `ok`: closed; `trial`: the next call is the trial; `out`: open (a call fails at once). */
  availability(): 'ok' | 'trial' | 'out';
  /** As /status shows it: a circuit whose trial is due counts as half-open. */
  state(): 'closed' | 'open' | 'half-open';
  /**
   * Runs `f` through the breaker: failures that `counts` open it after `threshold` in a row; while
   * it is open (or its one trial runs), rejects at once with cockatiel's BrokenCircuitError.
   */
  execute<T>(f: () => Promise<T>): Promise<T>;
  /** Stops probing (the owner is closing). */
  dispose(): void;
}

export interface ProbedBreakerOptions {
  /** Failures in a row that open the circuit. */
  threshold: number;
  /** How often an open circuit's peer is probed (ms); the probe should give up within that too. */
  probeIntervalMs: number;
  /** Resolves true when the peer answers; never rejects. */
  probe(): Promise<boolean>;
  /** Whether a failure counts against the peer (a refused input does not). */
  counts(err: unknown): boolean;
  /** Whether the probe's answer rules out the failure that opened the circuit (default: always). */
  probeCloses?(err: unknown): boolean;
  /** Called when the circuit opens and when it closes. */
  onChange?(state: 'open' | 'closed'): void;
}

export { BrokenCircuitError };

export function createProbedBreaker(opts: ProbedBreakerOptions): ProbedBreaker {
  // No open period of cockatiel's own: this breaker decides when an open peer is tried again.
  const breaker: CircuitBreakerPolicy = circuitBreaker(handleWhen(opts.counts), {
    halfOpenAfter: 0,
    breaker: new ConsecutiveBreaker(opts.threshold),
  });
  let lastFailure: unknown;
  let trialDue = false;
  let timer: NodeJS.Timeout | undefined;
  let probing = false;

  const stop = () => {
    clearInterval(timer);
    timer = undefined;
  };
  const tick = () => {
    if (probing || trialDue || breaker.state === CircuitState.Closed) return;
    probing = true;
    void opts
      .probe()
      .then(async (alive) => {
        if (!alive || breaker.state === CircuitState.Closed) return;
        if (opts.probeCloses?.(lastFailure) ?? true) {
          // The probe is the trial: a call that succeeds in the half-open state closes the circuit.
          await breaker.execute(async () => {}).catch(() => {});
        } else {
          trialDue = true;
        }
      })
      .finally(() => {
        probing = false;
      });
  };
  breaker.onFailure((e) => {
    if ('error' in e.reason) lastFailure = e.reason.error;
  });
  breaker.onBreak(() => {
    trialDue = false;
    timer ??= setInterval(tick, opts.probeIntervalMs);
    timer.unref();
    opts.onChange?.('open');
  });
  breaker.onReset(() => {
    trialDue = false;
    stop();
    opts.onChange?.('closed');
  });

  const availability = (): 'ok' | 'trial' | 'out' => {
    switch (breaker.state) {
      case CircuitState.Closed:
        return 'ok';
      case CircuitState.Open:
        return trialDue ? 'trial' : 'out';
      default:
        // Half-open: its one trial is running. Isolated: held out.
        return 'out';
    }
  };

  return {
    availability,
    state() {
      const a = availability();
      return a === 'ok'
        ? 'closed'
        : a === 'trial' || breaker.state === CircuitState.HalfOpen
          ? 'half-open'
          : 'open';
    },
    execute(f) {
      if (availability() === 'out') return Promise.reject(new BrokenCircuitError());
      return breaker.execute(f);
    },
    dispose: stop,
  };
}
