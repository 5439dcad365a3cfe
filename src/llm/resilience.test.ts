import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createCircuitBreaker, withRetry } from './resilience';

const transient = () => new AppError('OLLAMA_UNREACHABLE', 'down', 'down');
const permanent = () => new AppError('OLLAMA_MODEL_MISSING', 'missing', 'missing');

describe('withRetry', () => {
  it('retries transient errors and returns the first success', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls < 3) throw transient();
        return 'ok';
      },
      { retries: 3, baseMs: 1 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry an error that a retry cannot fix', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw permanent();
        },
        { retries: 3, baseMs: 1 },
      ),
    ).rejects.toMatchObject({ code: 'OLLAMA_MODEL_MISSING' });
    expect(calls).toBe(1);
  });

  it('gives up after the last retry', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw transient();
        },
        { retries: 2, baseMs: 1 },
      ),
    ).rejects.toMatchObject({ code: 'OLLAMA_UNREACHABLE' });
    expect(calls).toBe(3);
  });
});

describe('createCircuitBreaker', () => {
  it('opens after the threshold, fails fast while open, and closes after a successful trial', async () => {
    let now = 0;
    const breaker = createCircuitBreaker({
      threshold: 2,
      openMs: 1000,
      clock: { now: () => now },
      onOpen: () => new AppError('OLLAMA_UNREACHABLE', 'open', 'open'),
    });
    let calls = 0;
    const failing = () =>
      breaker.run(async () => {
        calls++;
        throw transient();
      });
    await expect(failing()).rejects.toThrow('down');
    await expect(failing()).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
    await expect(failing()).rejects.toThrow('open');
    expect(calls).toBe(2);
    now = 1000;
    expect(breaker.state).toBe('half-open');
    await expect(breaker.run(async () => 'back')).resolves.toBe('back');
    expect(breaker.state).toBe('closed');
  });

  it('reopens when the trial call fails', async () => {
    let now = 0;
    const breaker = createCircuitBreaker({
      threshold: 1,
      openMs: 100,
      clock: { now: () => now },
      onOpen: () => new AppError('OLLAMA_UNREACHABLE', 'open', 'open'),
    });
    await expect(breaker.run(() => Promise.reject(transient()))).rejects.toThrow('down');
    now = 100;
    await expect(breaker.run(() => Promise.reject(transient()))).rejects.toThrow('down');
    expect(breaker.state).toBe('open');
  });
});
