import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { until } from './process';
import { startService } from './service';
import { tempDir } from './tmp';

// How the roles share a core (src/roles/worker-thread.ts, src/roles/v8-flags.ts), read from a
// real `npm start` process: the kernel's view of its threads (/proc/PID/task/TID/stat) and the
// figures it reports.

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const has = (command: string) => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
const TOOLS = process.platform === 'linux' && has('taskset') && has('chrt');
if (!TOOLS)
  process.stderr.write(
    'Scheduling tests skipped: they need Linux with taskset and chrt (apt-get install util-linux).\n',
  );

/** The scheduling policy of each thread of `pid`: field 41 of /proc/PID/task/TID/stat (0 normal, 5 SCHED_IDLE). */
function threadPolicies(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(Number(tid), Number(fields[38]));
  }
  return out;
}

/** `npm start`'s process for `role`, on the CPUs `cpus` (taskset), with debug logs; resolves once /health answers. */
async function start(role: 'all' | 'endpoint', cpus: string | undefined) {
  const { run, base, signer, stop } = await startService({
    role,
    dataDir: tempDir(),
    env: { LOG_LEVEL: 'debug' },
    prefix: cpus === undefined ? [] : ['taskset', '-c', cpus],
  });
  cleanups.push(stop);
  const output = () => run.stdout() + run.stderr();
  const lines = () =>
    run
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const pid = run.child.pid;
  if (pid === undefined) throw new Error('not started');
  return { pid, base, signer, lines, output };
}

describe.skipIf(!TOOLS)('sharing a core', () => {
  it('ROLE=all on one core: its worker thread runs SCHED_IDLE, the acknowledging thread stays normal', async () => {
    const bot = await start('all', '0');
    await until(
      () =>
        bot.lines().some((l) => l.msg === 'worker thread runs at a lower priority than the acknowledgements'),
      30_000,
      bot.output,
    );
    const lowered = bot
      .lines()
      .find((l) => l.msg === 'worker thread runs at a lower priority than the acknowledgements');
    expect(lowered?.priority).toBe('SCHED_IDLE');
    const policies = threadPolicies(bot.pid);
    // The main thread (its id is the process's) acknowledges at the normal policy.
    expect(policies.get(bot.pid)).toBe(0);
    expect([...policies.values()].filter((p) => p === 5)).toHaveLength(1);
  }, 60_000);

  it('ROLE=endpoint keeps its young generation at its size after start through a burst of signed PINGs', async () => {
    const bot = await start('endpoint', undefined);
    const started = bot.lines().find((l) => l.msg === 'started');
    expect(started?.v8Flags).toContain('--semi-space-growth-factor=1');
    const newSpace = async () => {
      const metrics = await (await fetch(`${bot.base}/metrics`)).text();
      return Number(/askbot_nodejs_heap_space_size_total_bytes\{space="new"\} (\d+)/.exec(metrics)?.[1]);
    };
    // What loading the modules grew it to (the flag is set once the role is known).
    const before = await newSpace();
    expect(before).toBeGreaterThan(0);
    const ping = JSON.stringify({
      type: 1,
      id: '1',
      application_id: '100000000000000001',
      token: 't',
      version: 1,
    });
    const headers = { 'content-type': 'application/json', ...bot.signer.sign(ping) };
    let sent = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (sent < 3000) {
          sent++;
          const res = await fetch(`${bot.base}/interactions`, { method: 'POST', body: ping, headers });
          expect(await res.json()).toEqual({ type: 1 });
        }
      }),
    );
    expect(await newSpace()).toBe(before);
  }, 60_000);
});
