import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temporary directory, removed after the current test. */
export function tempDir(prefix = 'askbot-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

let counter = 0;
/** A collection prefix no other test uses, so tests can share the one Chroma server. */
export function uniquePrefix(): string {
  counter++;
  return `t${process.pid}_${Date.now().toString(36)}_${counter}`;
}
