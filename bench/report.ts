import type { EndpointResult } from './endpoint';
import type { IndexingResult } from './indexing';
import type { RetrievalResult } from './retrieval';
import type { SignatureResult } from './signature';
import { ratio } from './stats';

/** benchmark, figure, value, peer (what the value is compared with), ratio value ÷ peer. */
export type Row = [string, string, string, string, string];

export interface Results {
  signature: SignatureResult;
  indexing: IndexingResult;
  retrieval: { small: RetrievalResult; large: RetrievalResult };
  ack: EndpointResult['ack'];
  answer: EndpointResult['answer'];
  memory: EndpointResult['memory'];
}

const n = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US') : 'n/a');
const x = (r: number) => (Number.isFinite(r) ? `×${r}` : '');

export function reportRows(r: Results): Row[] {
  const { ack, signature: s, indexing: ix, retrieval, answer, memory: m } = r;
  const hello = ack.hello;
  return [
    [
      'ack under load',
      'signed /ask, requests/s',
      n(ack.ask.requestsPerSec),
      `hello-world ${n(hello.requestsPerSec)}`,
      x(ack.ratioAskToHelloRps),
    ],
    [
      '',
      'signed /ask, p50 ms',
      n(ack.ask.p50Ms),
      `hello-world ${n(hello.p50Ms)}`,
      x(ratio(ack.ask.p50Ms, hello.p50Ms)),
    ],
    ['', 'signed /ask, p99 ms', n(ack.ask.p99Ms), `hello-world ${n(hello.p99Ms)}`, x(ack.ratioAskToHelloP99)],
    [
      '',
      `signed /ask at ${n(ack.askHalfRate.rate ?? Number.NaN)}/s open loop, p50 / p99 ms`,
      `${n(ack.askHalfRate.p50Ms)} / ${n(ack.askHalfRate.p99Ms)}`,
      '',
      '',
    ],
    [
      '',
      'signed PING, requests/s',
      n(ack.ping.requestsPerSec),
      `hello-world ${n(hello.requestsPerSec)}`,
      x(ack.ratioPingToHelloRps),
    ],
    ['', 'signed PING, p50 / p99 ms', `${n(ack.ping.p50Ms)} / ${n(ack.ping.p99Ms)}`, '', ''],
    ['', '/ask final edits after the load', ack.askFinalEdits, `at ${n(ack.finalEditsPerSec)}/s`, ''],
    [
      'signature',
      'verifyKey, one at a time, /s',
      n(s.verifyKeyPerSec),
      `crypto.verify ${n(s.nodeVerifyPerSec)}`,
      x(s.ratioVerifyKeyToNode),
    ],
    [
      '',
      'verifyKey, 64 in flight, /s',
      n(s.verifyKeyConcurrentPerSec),
      `crypto.verify ${n(s.nodeVerifyPerSec)}`,
      x(s.ratioConcurrentToNode),
    ],
    [
      '',
      'whole middleware (Hono), /s',
      n(s.middlewarePerSec),
      `crypto.verify ${n(s.nodeVerifyPerSec)}`,
      x(s.ratioMiddlewareToNode),
    ],
    [
      'indexing',
      `end to end, ${n(ix.messages)} messages, msg/s`,
      n(ix.indexerMessagesPerSec),
      `raw Chroma upsert ${n(ix.rawChromaUpsertPerSec)}`,
      x(ix.ratioIndexerToRawChroma),
    ],
    ['', 'end to end, seconds', n(ix.indexerSeconds), '', ''],
    ['', 'SQLite write, msg/s', n(ix.sqliteWritePerSec), '', ''],
    ...[retrieval.small, retrieval.large].flatMap((q): Row[] => [
      [
        'retrieval',
        `${n(q.messages)} messages, p50 / p95 ms`,
        `${n(q.p50Ms)} / ${n(q.p95Ms)}`,
        `of which Chroma ${n(q.chromaP50Ms)} / ${n(q.chromaP95Ms)}`,
        '',
      ],
    ]),
    [
      'answer overhead',
      'interaction → final edit − model, p50 / p95 ms',
      `${n(answer.overheadP50Ms)} / ${n(answer.overheadP95Ms)}`,
      `end to end ${n(answer.endToEndP50Ms)} / ${n(answer.endToEndP95Ms)}`,
      '',
    ],
    [
      'memory (RSS)',
      'service idle, MiB',
      n(m.idleMiB),
      `hello-world ${n(m.helloIdleMiB)}`,
      x(m.ratioIdleToHello),
    ],
    [
      '',
      'service under /ask load, peak MiB',
      n(m.underLoadPeakMiB),
      `hello-world ${n(m.helloUnderLoadPeakMiB)}`,
      x(m.ratioLoadPeakToHelloPeak),
    ],
    ['', 'service after the load, MiB', n(m.afterLoadMiB), '', ''],
  ];
}

export function renderTable(rows: Row[]): string {
  const head: Row = ['benchmark', 'figure', 'value', 'peer', 'ratio'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]?.length ?? 0)));
  const line = (r: Row) =>
    r
      .map((c, i) => (i === 2 || i === 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
