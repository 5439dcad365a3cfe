import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalChroma } from '../src/vector/local-server';

declare module 'vitest' {
  export interface ProvidedContext {
    chromaUrl: string;
  }
}

/** One real Chroma server (from the chromadb package) for the whole test run, removed afterwards. */
export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), 'askbot-chroma-'));
  const chroma = await startLocalChroma(dir);
  project.provide('chromaUrl', chroma.url);
  return async () => {
    await chroma.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
