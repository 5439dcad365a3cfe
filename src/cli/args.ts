import { writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError } from '../config';
import { redactUrl } from '../store/errors';

/** Wrong arguments: `<tool> failed: <what> (usage: …)` and exit 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure whose message is already the one line the operator acts on (no "failed:" prefix added). */
export class OperatorError extends Error {
  override name = 'OperatorError';
  constructor(
    message: string,
    /** The exit code (1 unless said). */
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  /** The value's placeholder in the help, e.g. `ID`. */
  value?: string;
  /** One line: what the option does. */
  description: string;
}

/** A command-line tool: its name, usage, options and examples; `--help` prints them. */
export interface CliSpec {
  /** The npm script, e.g. `ask` (`npm run ask`). */
  name: string;
  /** The usage line after `npm run NAME`, e.g. `-- --guild ID_OR_NAME "question"`. */
  usage: string;
  /** What the tool does, a few lines. */
  summary: string;
  options: Record<string, OptionSpec>;
  /** Whether words after the options are taken (the question of `ask`, more files of `index`). */
  positionals?: boolean;
  examples?: string[];
  /** Lines after the options (settings it reads, exit codes). */
  notes?: string[];
}

export type CliValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** The usage line as the errors show it. */
export function usageLine(spec: CliSpec): string {
  return `npm run ${spec.name} ${spec.usage}`.trim();
}

/** The text `--help` prints: usage, summary, every option with its description, examples. */
export function helpText(spec: CliSpec): string {
  const help: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help and exit' };
  const all: Record<string, OptionSpec> = { ...spec.options, help };
  const entries = Object.entries(all).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.value ? ` ${o.value}` : ''}`;
    return [flag, `${o.description}${o.multiple ? ' (may be given several times)' : ''}`] as const;
  });
  const width = Math.max(...entries.map(([flag]) => flag.length));
  const lines = [
    `usage: ${usageLine(spec)}`,
    '',
    spec.summary,
    '',
    'options:',
    ...entries.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`),
  ];
  if (spec.examples && spec.examples.length > 0)
    lines.push('', 'examples:', ...spec.examples.map((e) => `  ${e}`));
  if (spec.notes && spec.notes.length > 0) lines.push('', ...spec.notes);
  return `${lines.join('\n')}\n`;
}

/**
 * Parses `argv` against the spec. `--help` (or `-h`) prints the help on stdout and exits 0;
 * an unknown option or a missing value throws a UsageError.
 */
export function parseCli(
  spec: CliSpec,
  argv: string[] = process.argv.slice(2),
): { values: CliValues; positionals: string[] } {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [
      name,
      { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) },
    ]),
  );
  let parsed: { values: CliValues; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    }) as { values: CliValues; positionals: string[] };
  } catch (err) {
    if (argv.includes('--help') || argv.includes('-h')) return printHelp(spec);
    throw new UsageError(
      (err instanceof Error ? err.message : String(err)).replace(/\. To specify a positional.*$/s, ''),
    );
  }
  if (parsed.values.help === true) return printHelp(spec);
  if (!spec.positionals && parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  return parsed;
}

/** Checks that each option given (`{ '--user': value }`) is a Discord id: 17 to 20 digits. */
export function checkIds(options: Record<string, string | undefined>): void {
  for (const [flag, id] of Object.entries(options)) {
    if (id !== undefined && !/^\d{17,20}$/.test(id))
      throw new UsageError(`${flag} "${id}" is not a Discord id (17 to 20 digits)`);
  }
}

/** The one argument a tool takes after its options (a file); `missing` says what it is for when absent. */
export function onePositional(positionals: string[], missing: string): string {
  if (positionals.length === 0) throw new UsageError(missing);
  if (positionals.length > 1) throw new UsageError(`give one FILE, not ${positionals.length}`);
  return positionals[0] as string;
}

function printHelp(spec: CliSpec): never {
  // Written synchronously: process.exit() right after an asynchronous write can lose it.
  writeSync(process.stdout.fd, helpText(spec));
  process.exit(0);
}

/**
 * Runs a tool's main and exits with its code. Failures end with one line: a setting problem as the
 * settings say it, bad usage with the usage line (exit 2), anything else as `<name> failed: …`,
 * with credentials in URLs redacted.
 */
export function runCli(spec: CliSpec, main: () => Promise<number | undefined>): void {
  main().then(
    (code) => exitAfterOutput(code ?? 0),
    (err: unknown) => {
      let line: string;
      let code = 1;
      if (err instanceof UsageError) {
        line = `${spec.name} failed: ${err.message} (usage: ${usageLine(spec)}; more with --help)`;
        code = 2;
      } else if (err instanceof ConfigError) {
        line = err.message;
      } else if (err instanceof OperatorError) {
        line = err.message;
        code = err.exitCode;
      } else {
        line = `${spec.name} failed: ${redactUrl(err instanceof Error ? err.message : String(err))}`;
      }
      process.stderr.write(`${line}\n`);
      exitAfterOutput(code);
    },
  );
}

/**
 * Exits with `code` once what was written to stdout and stderr has been handed to the OS: on Node
 * 22 and 24, `process.exit()` right after a write to a pipe lost the write (`npm run ask`'s last
 * lines, seen in the suite on both).
 */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}
