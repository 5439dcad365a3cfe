import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './tmp';

/**
 * The acknowledging endpoint loads only the sentences it writes itself: the language detector
 * (1.6 MB of n-grams) and the worker's catalogues stay out of its cold start.
 */
describe('the endpoint’s module graph', () => {
  it('loads its own catalogues, but no ICU formatter before a sentence needs it, no language detector and no worker sentences', () => {
    const trace = path.join(tempDir(), 'modules.txt');
    const root = path.resolve(import.meta.dirname, '..');
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        './test/import-trace/register.mjs',
        '--import',
        'tsx',
        '-e',
        "await import('./src/roles/endpoint.ts'); await import('./src/http/app.ts');",
      ],
      { cwd: root, env: { ...process.env, TRACE_FILE: trace }, encoding: 'utf8', timeout: 60_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    const modules = new Set(readFileSync(trace, 'utf8').split('\n').filter(Boolean));
    const loaded = (fragment: string) => [...modules].some((m) => m.includes(fragment));
    expect(loaded('/src/i18n/messages/ask.ts')).toBe(true);
    // Loaded by the first sentence with a placeholder (src/i18n/format.ts), not by a deferral.
    expect(loaded('/node_modules/intl-messageformat/')).toBe(false);
    // /insights is refused or deferred at the endpoint: its command module is there, nothing more.
    expect(loaded('/src/insights/command.ts')).toBe(true);
    for (const absent of [
      '/node_modules/eld/',
      '/src/i18n/language.ts',
      '/src/i18n/messages/answer.ts',
      '/src/i18n/messages/status.ts',
      '/src/i18n/messages/commands.ts',
      // Insights (issue 21): the chart library, its canvas and the report stay with the workers.
      '/node_modules/chart.js/',
      '/node_modules/@napi-rs/canvas',
      '/src/insights/chart.ts',
      '/src/insights/report.ts',
      '/src/insights/digest.ts',
    ]) {
      expect({ absent, loaded: loaded(absent) }).toEqual({ absent, loaded: false });
    }
  });
});
