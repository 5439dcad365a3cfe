import { describe, expect, it, vi } from 'vitest';
import { createStreamEditor } from './stream-editor';

describe('createStreamEditor', () => {
  it('sends the first text at once, then at most one edit per interval with the latest text', async () => {
    vi.useFakeTimers();
    try {
      const sent: string[] = [];
      const editor = createStreamEditor(
        async (t) => {
          sent.push(t);
        },
        { intervalMs: 1000, now: () => Date.now() },
      );
      editor.update('a');
      await vi.advanceTimersByTimeAsync(0);
      expect(sent).toEqual(['a']);
      editor.update('ab');
      editor.update('abc');
      await vi.advanceTimersByTimeAsync(500);
      expect(sent).toEqual(['a']);
      await vi.advanceTimersByTimeAsync(500);
      expect(sent).toEqual(['a', 'abc']);
      editor.update('abcd');
      await editor.finish();
      await vi.advanceTimersByTimeAsync(5000);
      expect(sent).toEqual(['a', 'abc']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('never has two edits in flight, and finish() waits for the one in flight', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    let release: () => void = () => {};
    const editor = createStreamEditor(
      () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise<void>((r) => {
          release = () => {
            inFlight--;
            r();
          };
        });
      },
      { intervalMs: 0 },
    );
    editor.update('1');
    await new Promise((r) => setTimeout(r, 5));
    editor.update('2');
    await new Promise((r) => setTimeout(r, 5));
    const done = editor.finish();
    release();
    await done;
    expect(maxInFlight).toBe(1);
    expect(inFlight).toBe(0);
  });
});
