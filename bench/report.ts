import type { AckResult, AckRun } from './ack';
import type { BurstResult } from './burst';
import type { ColdStartResult } from './cold-start';
import type { EndpointsResult } from './endpoints';
import type { FailoverResult } from './failover';
import type { IndexingResult } from './indexing';
import type { InsightsBenchResult } from './insights';
import type { KeywordResult } from './keyword';
import type { OllamaHostsResult } from './ollama-hosts';
import type { OperationsResult } from './operations';
import { type QualityResult, qualityRows } from './quality';
import type { QueueWriteResult } from './queue-write';
import { type RetrievalResult, retrievalRows } from './retrieval';
import type { SignatureResult } from './signature';
import { ratio } from './stats';
import { type TokenizerResult, tokenizerRows } from './tokenizers';

/** benchmark, figure, value, peer (what the value is compared with), ratio value ÷ peer (or the goal's verdict). */
export type Row = [string, string, string, string, string];

/** Every part's figures; a part that failed (or had no PostgreSQL server) is absent and its error is in `errors`. */
export interface Results {
  ack?: AckResult | undefined;
  coldStart?: ColdStartResult | undefined;
  queueWrite?: QueueWriteResult | undefined;
  burst?: BurstResult | undefined;
  endpoints?: EndpointsResult | undefined;
  ollamaHosts?: OllamaHostsResult | undefined;
  keyword?: KeywordResult | undefined;
  failover?: FailoverResult | undefined;
  signature?: SignatureResult | undefined;
  indexing?: IndexingResult | undefined;
  /** bench/retrieval.ts's figures, printed by its own retrievalRows. */
  retrieval?: RetrievalResult | undefined;
  /** bench/operations.ts: backup while writing, migrate-store. */
  operations?: OperationsResult | undefined;
  /** bench/tokenizers.ts's figures: keyword indexes compared on scripts and speed. */
  tokenizers?: TokenizerResult | undefined;
  /** bench/quality.ts's figures: is the answer in the prompt, conversations against today's way. */
  quality?: QualityResult | undefined;
  /** bench/insights.ts: grouping, the /insights report, the digest's chart (issue 21). */
  insights?: InsightsBenchResult | undefined;
  /** Why a part has no figures, by part name. */
  errors: Record<string, string>;
}

const n = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en-US') : 'n/a');
const x = (r: number) => (Number.isFinite(r) ? `×${r}` : '');
const pair = (a: number, b: number) => `${n(a)} / ${n(b)}`;
const goal = (ok: boolean, what: string) => `${ok ? 'met' : 'NOT met'} (${what})`;

function ackRows(
  name: string,
  r: AckRun,
  verifyNodeRps: number,
  p99Goal: boolean,
  targetP99Ms: number,
): Row[] {
  return [
    [
      name,
      `signed /ask at ${n(r.askHalfRate.rate ?? Number.NaN)}/s open loop, p50 / p99 ms`,
      pair(r.askHalfRate.p50Ms, r.askHalfRate.p99Ms),
      `goal p99 < ${targetP99Ms}`,
      goal(p99Goal, 'p99'),
    ],
    [
      '',
      "the load generator's own event-loop delay meanwhile, p99 / max ms",
      pair(
        r.askHalfRate.generatorDelay?.p99Ms ?? Number.NaN,
        r.askHalfRate.generatorDelay?.maxMs ?? Number.NaN,
      ),
      'timed where it reads',
      '',
    ],
    [
      '',
      'signed /ask saturated, req/s',
      n(r.ask.requestsPerSec),
      `signed PING ${n(r.ping.requestsPerSec)}`,
      x(ratio(r.ask.requestsPerSec, r.ping.requestsPerSec)),
    ],
    [
      '',
      'signed /ask saturated, p50 / p99 ms',
      pair(r.ask.p50Ms, r.ask.p99Ms),
      `signed PING ${pair(r.ping.p50Ms, r.ping.p99Ms)}`,
      '',
    ],
    [
      '',
      'signed PING saturated, req/s',
      n(r.ping.requestsPerSec),
      `crypto.verify peer ${n(verifyNodeRps)}`,
      `${x(ratio(r.ping.requestsPerSec, verifyNodeRps))} (goal ≥ 0.8)`,
    ],
    [
      '',
      '/ask deferred (queued), of all /ask',
      r.deferred,
      `answers meanwhile ${n(r.answersDuringHalfRate)}`,
      '',
    ],
  ];
}

/** Rows of one part, or one row saying why it has none. */
function part<T>(
  r: Results,
  name: string,
  label: string,
  value: T | undefined,
  rows: (v: T) => Row[],
): Row[] {
  if (value !== undefined) return rows(value);
  return [[label, r.errors[name] === undefined ? 'not measured' : `failed: ${r.errors[name]}`, '', '', '']];
}

function coldStartRows(c: ColdStartResult): Row[] {
  const p = c.peer;
  const rows: Row[] = [
    [
      'cold start (spawn →)',
      `${p.runs} spawns each, median; ${c.pinned}`,
      '',
      `peer: Hono + crypto.verify, plain node`,
      '',
    ],
    ['', 'peer: first signed PING / first /ask ms', pair(p.firstPingMs, p.firstAskMs), '', ''],
    [
      '',
      `peer: RSS idle / after ${n(c.burst)} /ask / peak MiB`,
      `${pair(p.idleMiB, p.afterBurstMiB)} / ${n(p.peakMiB)}`,
      '',
      '',
    ],
  ];
  for (const s of c.subjects) {
    const worker = s.role === 'worker';
    const endpoint = s.role === 'endpoint';
    rows.push(
      [
        '',
        worker ? `${s.name}: first /health ms` : `${s.name}: first signed PING ms`,
        n(s.firstPingMs),
        `peer ${n(p.firstPingMs)}`,
        `${x(s.ratios.firstPing)}${endpoint ? ' (goal ≤ 3)' : ''}`,
      ],
      ...(worker
        ? []
        : [
            [
              '',
              `${s.name}: first /ask acknowledged ms`,
              n(s.firstAskMs),
              `peer ${n(p.firstAskMs)}`,
              `${x(s.ratios.firstAsk)}${endpoint ? ' (goal ≤ 3)' : ''}`,
            ] as Row,
          ]),
      [
        '',
        `${s.name}: RSS idle MiB`,
        n(s.idleMiB),
        `peer ${n(p.idleMiB)}`,
        `${x(s.ratios.idle)}${endpoint ? ' (goal ≤ 1.5)' : s.role === 'all' ? ` (goal < 200 MiB: ${s.idleMiB < 200 ? 'met' : 'NOT met'})` : ''}`,
      ],
      [
        '',
        `${s.name}: RSS after ${worker ? 'answering' : ''} the burst / peak MiB`,
        pair(s.afterBurstMiB, s.peakMiB),
        `peer ${pair(p.afterBurstMiB, p.peakMiB)}`,
        `${x(s.ratios.afterBurst)}${endpoint ? ' (goal ≤ 1.5)' : ''}`,
      ],
    );
  }
  return rows;
}

export function reportRows(r: Results): Row[] {
  return [
    ...part(r, 'coldStart', 'cold start', r.coldStart, coldStartRows),
    ...part(r, 'ack', 'ack under load', r.ack, (ack): Row[] => {
      const peers = ack.peers;
      return [
        ...ackRows(
          'ack, ROLE=all, 1 core',
          ack.all,
          peers.verifyNode.requestsPerSec,
          ack.targetMetAll,
          ack.targetP99Ms,
        ),
        ...ackRows(
          'ack, endpoint + worker',
          ack.split,
          peers.verifyNode.requestsPerSec,
          ack.targetMetSplit,
          ack.targetP99Ms,
        ),
        [
          'peers, 1 core',
          'signed PING, Hono + crypto.verify, req/s',
          n(peers.verifyNode.requestsPerSec),
          `hello-world ${n(peers.hello.requestsPerSec)}`,
          x(ratio(peers.verifyNode.requestsPerSec, peers.hello.requestsPerSec)),
        ],
        [
          '',
          'signed PING, Hono + verifyKey, req/s',
          n(peers.verifyKey.requestsPerSec),
          `crypto.verify peer ${n(peers.verifyNode.requestsPerSec)}`,
          x(ack.ratios.verifyKeyToVerifyNode),
        ],
        [
          'answer overhead',
          'interaction → final edit − model, p50 / p95 ms',
          pair(ack.answer.overheadP50Ms, ack.answer.overheadP95Ms),
          `end to end ${pair(ack.answer.endToEndP50Ms, ack.answer.endToEndP95Ms)}`,
          '',
        ],
        [
          'memory (RSS)',
          'ROLE=all idle, MiB',
          n(ack.memory.idleMiB),
          `hello-world ${n(ack.memory.helloIdleMiB)}`,
          x(ack.memory.ratioIdleToHello),
        ],
        [
          '',
          'ROLE=all under /ask load, peak MiB',
          n(ack.memory.underLoadPeakMiB),
          `hello-world ${n(ack.memory.helloUnderLoadPeakMiB)}`,
          x(ack.memory.ratioLoadPeakToHelloPeak),
        ],
      ];
    }),
    ...part(r, 'queueWrite', 'durable write', r.queueWrite, (qw): Row[] => [
      [
        'durable write',
        'queue.enqueue, SQLite (FULL), p50 / p99 ms',
        pair(qw.sqlite.enqueueP50Ms, qw.sqlite.enqueueP99Ms),
        `queue.ping ${pair(qw.sqlite.pingP50Ms, qw.sqlite.pingP99Ms)}`,
        x(ratio(qw.sqlite.enqueueP50Ms, qw.sqlite.pingP50Ms)),
      ],
      qw.postgres === undefined
        ? ['', 'queue.enqueue, PostgreSQL', 'no server', '', '']
        : [
            '',
            'queue.enqueue, PostgreSQL, p50 / p99 ms',
            pair(qw.postgres.enqueueP50Ms, qw.postgres.enqueueP99Ms),
            `queue.ping ${pair(qw.postgres.pingP50Ms, qw.postgres.pingP99Ms)}`,
            x(ratio(qw.postgres.enqueueP50Ms, qw.postgres.pingP50Ms)),
          ],
    ]),
    ...part(r, 'burst', 'burst', r.burst, (b): Row[] => [
      [
        'burst',
        `${b.questions} /ask, ${b.inFlight} in flight: answered / busy / other`,
        `${b.answered} / ${b.busy} / ${b.other}`,
        'before the queue: 22 / 278 / 0',
        '',
      ],
      ['', 'last answer after, s', n(b.lastAnswerSeconds), '', ''],
      ['', 'acknowledgement p50 / p99 ms during the burst', pair(b.ackP50Ms, b.ackP99Ms), '', ''],
      [
        '',
        'same burst, service that answered none: queued / busy',
        `${b.cold.deferred} / ${b.cold.busy}`,
        `ack p99 ${n(b.cold.ackP99Ms)} ms`,
        '',
      ],
    ]),
    ...part(r, 'endpoints', 'two endpoints', r.endpoints, (ep): Row[] => [
      [
        'two endpoints',
        'signed /ask, 2 × ROLE=endpoint (PostgreSQL), req/s',
        n(ep.two.requestsPerSec),
        `one endpoint ${n(ep.one.requestsPerSec)}`,
        x(ep.ratioTwoToOne),
      ],
      [
        '',
        'p50 / p99 ms',
        pair(ep.two.p50Ms, ep.two.p99Ms),
        `one endpoint ${pair(ep.one.p50Ms, ep.one.p99Ms)}`,
        '',
      ],
    ]),
    ...part(r, 'ollamaHosts', 'two Ollama hosts', r.ollamaHosts, (oh): Row[] => [
      [
        'two Ollama hosts',
        `answers/s through the worker (${oh.numParallel} parallel a host)`,
        n(oh.worker.two.answersPerSec),
        `one host ${n(oh.worker.one.answersPerSec)}`,
        `${x(oh.worker.ratio)} (goal ≈ 2)`,
      ],
      [
        '',
        'answers/s through the pool alone',
        n(oh.pool.two.answersPerSec),
        `one host ${n(oh.pool.one.answersPerSec)}`,
        x(oh.pool.ratio),
      ],
    ]),
    ...part(r, 'keyword', 'keyword search', r.keyword, (kw): Row[] => [
      kw.postgres === undefined
        ? [
            'keyword search',
            `${n(kw.messages)} messages, SQLite p50 / p95 ms`,
            pair(kw.sqlite.p50Ms, kw.sqlite.p95Ms),
            'PostgreSQL: no server',
            '',
          ]
        : [
            'keyword search',
            `${n(kw.messages)} messages, PostgreSQL p50 / p95 ms`,
            pair(kw.postgres.p50Ms, kw.postgres.p95Ms),
            `SQLite ${pair(kw.sqlite.p50Ms, kw.sqlite.p95Ms)}`,
            x(kw.ratioPostgresToSqliteP50),
          ],
    ]),
    ...part(r, 'failover', 'failover', r.failover, (fo): Row[] => [
      [
        'failover',
        'SIGKILL → another worker takes the job, s',
        n(fo.takenUpSeconds),
        `lease ${fo.leaseSeconds} s, renewed every ${fo.renewSeconds} s`,
        '',
      ],
      ['', 'SIGKILL → its first edit of the answer, s', n(fo.firstEditSeconds), 'expected 10–20', ''],
    ]),
    ...part(r, 'signature', 'signature', r.signature, (s): Row[] => [
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
    ]),
    ...part(r, 'indexing', 'indexing', r.indexing, (ix): Row[] => [
      ...indexingRows(ix, 'indexing'),
      ['', 'SQLite storePage, msg/s', n(ix.sqliteWritePerSec), `indexer ×${ix.ratioIndexerToSqlite}`, ''],
      ...(ix.fewerChannels === undefined ? [] : indexingRows(ix.fewerChannels, '')),
    ]),
    ...part(r, 'tokenizers', 'tokenizers', r.tokenizers, tokenizerRows),
    ...part(r, 'quality', 'quality', r.quality, qualityRows),
    ...part(r, 'retrieval', 'retrieval', r.retrieval, retrievalRows),
    ...part(r, 'operations', 'operations', r.operations, operationRows),
    ...part(r, 'insights', 'insights', r.insights, insightsRows),
  ];
}

/** One indexer run beside the raw Chroma upsert, and the least time Discord's rate limit gives it. */
function indexingRows(ix: IndexingResult, label: string): Row[] {
  return [
    [
      label,
      `end to end, ${n(ix.messages)} messages in ${n(ix.channels)} channels, msg/s`,
      n(ix.indexerMessagesPerSec),
      `raw Chroma upsert ${n(ix.rawChromaUpsertPerSec)}`,
      x(ix.ratioIndexerToRawChroma),
    ],
    [
      '',
      `Discord requests; at ${n(ix.rateLimitWindow.requests)} per ${n(ix.rateLimitWindow.ms / 1000)} s, least s`,
      `${n(ix.discordRequests)}; ≥ ${n(ix.rateLimitFloorSeconds)}`,
      `indexer ${n(ix.indexerSeconds)} s`,
      `ceiling ×${ix.rateLimitCeilingRatio}`,
    ],
  ];
}

function insightsRows(o: InsightsBenchResult): Row[] {
  return [
    [
      `insights, ${n(o.grouping.questions)} questions`,
      'grouped into topics a second (by meaning, instant embedder) → topics',
      `${n(o.grouping.byMeaningPerSec)} → ${n(o.grouping.topics)}`,
      `by keywords ${n(o.grouping.byKeywordsPerSec)}/s`,
      x(ratio(o.grouping.byMeaningPerSec, o.grouping.byKeywordsPerSec)),
    ],
    ...o.reports.map(
      (r): Row => [
        '',
        `/insights report, ${n(r.questions)} questions in 60 days (${r.backend}), p50 / p95 ms`,
        pair(Math.round(r.p50Ms * 10) / 10, Math.round(r.p95Ms * 10) / 10),
        r.regroupMs === undefined
          ? 'regroup per view: not measured'
          : `regroup per view ${n(Math.round(r.regroupMs))} ms`,
        r.regroupMs === undefined ? '' : x(ratio(r.regroupMs, r.p50Ms)),
      ],
    ),
    ...o.chart.map(
      (c): Row => [
        '',
        `digest chart, ${c.days} days: ms cold / warm, PNG bytes`,
        `${n(c.coldMs)} / ${n(c.p50Ms)}, ${n(c.bytes)}`,
        '',
        '',
      ],
    ),
  ];
}

function operationRows(o: OperationsResult): Row[] {
  const s = (v: number) => `${v.toFixed(2)} s`;
  const rows: Row[] = [
    [
      `backup, ${n(o.messages)} msgs + a writer`,
      `VACUUM INTO (npm run backup), time / MiB (live ${o.liveMiB} MiB)`,
      `${s(o.vacuumInto.seconds)} / ${o.vacuumInto.mib}`,
      `backup API, one step ${s(o.backupApiOneStep.seconds)} / ${o.backupApiOneStep.mib}`,
      x(ratio(o.vacuumInto.seconds, o.backupApiOneStep.seconds)),
    ],
    [
      '',
      'messages the writer added meanwhile',
      n(o.vacuumInto.writtenMeanwhile),
      `backup API, one step ${n(o.backupApiOneStep.writtenMeanwhile)}`,
      '',
    ],
    [
      '',
      'backup API in its default steps (restarted by each write)',
      o.backupApiSteps.seconds === undefined
        ? `not done in ${o.backupApiSteps.capSeconds} s`
        : s(o.backupApiSteps.seconds),
      `writes meanwhile ${n(o.backupApiSteps.writtenMeanwhile)}`,
      '',
    ],
    [
      '',
      'plain copy of bot.sqlite: rows missing (in the WAL)',
      o.plainCopy.rowsMissing === 'torn' ? 'torn: SQLite reads it as malformed' : n(o.plainCopy.rowsMissing),
      s(o.plainCopy.seconds),
      '',
    ],
  ];
  if (o.move !== undefined)
    rows.push(
      [
        'migrate-store → PostgreSQL',
        `rows/s (${n(o.move.rows)} rows, stopped half-way and resumed)`,
        n(o.move.rowsPerSec),
        `storePage into PostgreSQL ${n(o.move.storePageRowsPerSec)}`,
        x(ratio(o.move.rowsPerSec, o.move.storePageRowsPerSec)),
      ],
      [
        '',
        'rows copied before the stop / by the resumed run',
        pair(o.move.firstRunRows, o.move.resumedRows),
        'counts verified',
        '',
      ],
    );
  return rows;
}

export function renderTable(rows: Row[]): string {
  const head: Row = ['benchmark', 'figure', 'value', 'peer', 'ratio'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => r[i]?.length ?? 0)));
  const line = (r: Row) =>
    r
      .map((c, i) => (i === 2 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
