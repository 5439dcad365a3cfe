import { sql } from 'drizzle-orm';
import { asBool, asNullableNumber, asNumber, chunks, type Executor, asNullableString as str } from '../sql';
import type {
  Grouping,
  InsightsStore,
  QuestionKind,
  QuestionOutcome,
  StoredQuestion,
  Topic,
  TopicFigures,
} from '../types';
import { tallyRatings } from './answers';

const grouping = (v: unknown): Grouping | null => (v === 'embedding' || v === 'keywords' ? v : null);

function questionFromRow(r: Record<string, unknown>): StoredQuestion {
  return {
    id: String(r.id),
    guildId: String(r.guild_id),
    channelId: String(r.channel_id),
    userId: String(r.user_id),
    kind: String(r.kind) as QuestionKind,
    private: asBool(r.private),
    text: String(r.text ?? ''),
    outcome: String(r.outcome) as QuestionOutcome,
    detail: String(r.detail ?? ''),
    askedAt: asNumber(r.asked_at),
    handedOffAt: asNullableNumber(r.handed_off_at),
    topicId: str(r.topic_id),
    grouping: grouping(r.grouping),
    embedding: String(r.embedding ?? ''),
  };
}

function topicFromRow(r: Record<string, unknown>): Topic {
  let terms: string[] = [];
  try {
    const parsed: unknown = JSON.parse(String(r.terms ?? '[]'));
    if (Array.isArray(parsed)) terms = parsed.map(String);
  } catch {
    // A damaged list: the topic takes no more keyword members.
  }
  return {
    id: String(r.id),
    guildId: String(r.guild_id),
    method: grouping(r.method) ?? 'keywords',
    model: String(r.model ?? ''),
    vectorSum: String(r.vector_sum ?? ''),
    terms,
    size: asNumber(r.size),
    labelQuestionId: str(r.label_question_id),
    updatedAt: asNumber(r.updated_at),
  };
}

/** Questions of a guild asked in [since, until), as `q`. */
const inPeriod = (guildId: string, sinceMs: number, untilMs: number) =>
  sql`q.guild_id = ${guildId} AND q.asked_at >= ${sinceMs} AND q.asked_at < ${untilMs}`;

/**
 * The question's answer got at least one 👎: a seek on feedback's primary key (answer_id, user_id)
 * per question. (A LEFT JOIN on a DISTINCT subquery of the guild's 👎 made SQLite scan it for
 * every question: 35 ms of a 10,000-question report's two aggregates.)
 */
const ratedDown = sql`EXISTS (SELECT 1 FROM feedback f WHERE f.answer_id = q.id AND f.rating < 0)`;

/** A gap: nothing relevant was found, a 👎, or a hand-off to a human. */
const isGap = sql`(q.outcome = 'nothing_found' OR q.handed_off_at IS NOT NULL OR ${ratedDown})`;

/** The question log, topics and digests of insights (issue 21), the same queries in both dialects. */
export function createInsightsStore(exec: Executor): InsightsStore {
  /** Deletes the questions `where` selects, with their sources; the topics they were in. */
  const deleteWhere = (where: ReturnType<typeof sql>) =>
    exec.transaction(async (tx) => {
      const rows = await tx.all<{ id: string; topic_id: unknown }>(
        sql`SELECT id, topic_id FROM questions WHERE ${where}`,
      );
      const ids = rows.map((r) => r.id);
      for (const part of chunks(ids, 500)) {
        await tx.run(sql`DELETE FROM question_sources WHERE ${tx.inList(sql`question_id`, part)}`);
        await tx.run(sql`DELETE FROM questions WHERE ${tx.inList(sql`id`, part)}`);
      }
      const topicIds = [...new Set(rows.map((r) => str(r.topic_id)).filter((t): t is string => t !== null))];
      return { removed: ids.length, topicIds };
    });

  return {
    record(q) {
      return exec.transaction(async (tx) => {
        await tx.run(sql`
          INSERT INTO questions (id, guild_id, channel_id, user_id, kind, "private", text, outcome, detail, asked_at)
          VALUES (${q.id}, ${q.guildId}, ${q.channelId}, ${q.userId}, ${q.kind}, ${tx.bool(q.private)}, ${q.text},
            ${q.outcome}, ${q.detail}, ${q.askedAt})
          ON CONFLICT (id) DO UPDATE SET outcome = excluded.outcome, detail = excluded.detail,
            text = excluded.text, "private" = excluded."private"`);
        await tx.run(sql`DELETE FROM question_sources WHERE question_id = ${q.id}`);
        const seen = new Set<string>();
        for (const s of q.sources) {
          if (seen.has(s.messageId)) continue;
          seen.add(s.messageId);
          await tx.run(sql`
            INSERT INTO question_sources (question_id, message_id, guild_id, channel_id, cited)
            VALUES (${q.id}, ${s.messageId}, ${q.guildId}, ${s.channelId}, ${tx.bool(s.cited)})`);
        }
      });
    },

    async handOff(questionId, at) {
      await exec.run(
        sql`UPDATE questions SET handed_off_at = ${at} WHERE id = ${questionId} AND handed_off_at IS NULL`,
      );
    },

    async get(id) {
      const r = await exec.get<Record<string, unknown>>(sql`SELECT * FROM questions WHERE id = ${id}`);
      return r === undefined ? undefined : questionFromRow(r);
    },

    async claimLease(key, owner, now, leaseMs) {
      const until = now + leaseMs;
      const inserted = await exec.get(sql`
        INSERT INTO insights_leases (key, owner, until) VALUES (${key}, ${owner}, ${until})
        ON CONFLICT (key) DO NOTHING RETURNING key`);
      if (inserted !== undefined) return true;
      // Re-checked on the row as it is updated: of two processes taking over a dead lease, one wins.
      const taken = await exec.get(sql`
        UPDATE insights_leases SET owner = ${owner}, until = ${until}
        WHERE key = ${key} AND (until < ${now} OR owner = ${owner}) RETURNING key`);
      return taken !== undefined;
    },

    async releaseLease(key, owner) {
      await exec.run(sql`DELETE FROM insights_leases WHERE key = ${key} AND owner = ${owner}`);
    },

    async toGroup(limit, opts = {}) {
      const fresh = await exec.all<Record<string, unknown>>(
        sql`SELECT * FROM questions WHERE grouping IS NULL ORDER BY asked_at, id LIMIT ${limit}`,
      );
      if (!opts.regroup || fresh.length >= limit) return fresh.map(questionFromRow);
      const again = await exec.all<Record<string, unknown>>(sql`
        SELECT * FROM questions WHERE grouping = 'keywords' ORDER BY asked_at, id LIMIT ${limit - fresh.length}`);
      return [...fresh, ...again].map(questionFromRow);
    },

    async topics(guildId, method, model) {
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT * FROM topics WHERE guild_id = ${guildId} AND method = ${method}
        ${model === undefined ? sql`` : sql`AND model = ${model}`}`);
      return rows.map(topicFromRow);
    },

    saveGrouping({ assignments, topics }) {
      return exec.transaction(async (tx) => {
        const before = new Set<string>();
        for (const a of assignments) {
          const r = await tx.get<{ topic_id: unknown }>(
            sql`SELECT topic_id FROM questions WHERE id = ${a.questionId}`,
          );
          if (r === undefined) continue; // forgotten meanwhile
          const old = str(r.topic_id);
          if (old !== null && old !== a.topicId) before.add(old);
          await tx.run(sql`
            UPDATE questions SET topic_id = ${a.topicId}, grouping = ${a.grouping}, embedding = ${a.embedding}
            WHERE id = ${a.questionId}`);
        }
        for (const t of topics) {
          await tx.run(sql`
            INSERT INTO topics (id, guild_id, method, model, vector_sum, terms, size, label_question_id, updated_at)
            VALUES (${t.id}, ${t.guildId}, ${t.method}, ${t.model}, ${t.vectorSum}, ${JSON.stringify(t.terms)},
              ${t.size}, ${t.labelQuestionId}, ${t.updatedAt})
            ON CONFLICT (id) DO UPDATE SET vector_sum = excluded.vector_sum, terms = excluded.terms,
              updated_at = excluded.updated_at`);
        }
        // Sizes are counted, not added up: a member forgotten meanwhile is not counted.
        const touched = [...new Set([...topics.map((t) => t.id), ...before])];
        for (const part of chunks(touched, 500)) {
          await tx.run(sql`
            UPDATE topics SET size = (SELECT count(*) FROM questions WHERE questions.topic_id = topics.id)
            WHERE ${tx.inList(sql`id`, part)}`);
        }
        await tx.run(sql`DELETE FROM topics WHERE size = 0`);
      });
    },

    async members(topicId, { publicOnly, limit }) {
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT id, text, "private", embedding FROM questions
        WHERE topic_id = ${topicId} ${publicOnly ? sql`AND "private" = ${exec.bool(false)}` : sql``}
        ORDER BY asked_at DESC, id DESC LIMIT ${limit}`);
      return rows.map((r) => ({
        id: String(r.id),
        text: String(r.text ?? ''),
        private: asBool(r.private),
        embedding: String(r.embedding ?? ''),
      }));
    },

    async saveTopic(t) {
      if (t.size <= 0) {
        await exec.run(sql`DELETE FROM topics WHERE id = ${t.id}`);
        return;
      }
      await exec.run(sql`
        UPDATE topics SET vector_sum = ${t.vectorSum}, terms = ${JSON.stringify(t.terms)}, size = ${t.size},
          label_question_id = ${t.labelQuestionId}, updated_at = ${t.updatedAt}
        WHERE id = ${t.id}`);
    },

    async topic(id) {
      const r = await exec.get<Record<string, unknown>>(sql`SELECT * FROM topics WHERE id = ${id}`);
      return r === undefined ? undefined : topicFromRow(r);
    },

    forgetAsker(userId, guildId) {
      return deleteWhere(
        sql`user_id = ${userId} ${guildId === undefined ? sql`` : sql`AND guild_id = ${guildId}`}`,
      );
    },

    expireBefore(beforeMs) {
      return deleteWhere(sql`asked_at < ${beforeMs}`);
    },

    async topicFigures(guildId, sinceMs, untilMs) {
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT q.topic_id AS topic_id, count(*) AS n,
          sum(CASE WHEN q.outcome = 'nothing_found' THEN 1 ELSE 0 END) AS nothing_found,
          sum(CASE WHEN q.handed_off_at IS NOT NULL THEN 1 ELSE 0 END) AS handed,
          sum(CASE WHEN ${ratedDown} THEN 1 ELSE 0 END) AS down,
          sum(CASE WHEN ${isGap} THEN 1 ELSE 0 END) AS gaps,
          sum(CASE WHEN q.grouping = 'keywords' THEN 1 ELSE 0 END) AS kw
        FROM questions q
        WHERE ${inPeriod(guildId, sinceMs, untilMs)}
        GROUP BY q.topic_id`);
      return rows.map(
        (r): TopicFigures => ({
          topicId: str(r.topic_id),
          questions: asNumber(r.n),
          nothingFound: asNumber(r.nothing_found),
          ratedDown: asNumber(r.down),
          handedOff: asNumber(r.handed),
          gaps: asNumber(r.gaps),
          byKeywords: asNumber(r.kw),
        }),
      );
    },

    async outcomes(guildId, sinceMs, untilMs) {
      const rows = await exec.all<{ outcome: string; priv: unknown; n: unknown }>(sql`
        SELECT q.outcome AS outcome, q."private" AS priv, count(*) AS n FROM questions q
        WHERE ${inPeriod(guildId, sinceMs, untilMs)} GROUP BY q.outcome, q."private"`);
      const byOutcome: Partial<Record<QuestionOutcome, number>> = {};
      let total = 0;
      let priv = 0;
      for (const r of rows) {
        const n = asNumber(r.n);
        const o = r.outcome as QuestionOutcome;
        byOutcome[o] = (byOutcome[o] ?? 0) + n;
        total += n;
        if (asBool(r.priv)) priv += n;
      }
      return { byOutcome, total, private: priv };
    },

    async daily(guildId, sinceMs, untilMs) {
      const rows = await exec.all<{ day: unknown; n: unknown; gaps: unknown }>(sql`
        SELECT CAST(q.asked_at / 86400000 AS BIGINT) AS day, count(*) AS n,
          sum(CASE WHEN ${isGap} THEN 1 ELSE 0 END) AS gaps
        FROM questions q
        WHERE ${inPeriod(guildId, sinceMs, untilMs)}
        GROUP BY CAST(q.asked_at / 86400000 AS BIGINT) ORDER BY day`);
      return rows.map((r) => ({ day: asNumber(r.day), questions: asNumber(r.n), gaps: asNumber(r.gaps) }));
    },

    async sourceChannels(guildId, sinceMs, untilMs, limit) {
      const rows = await exec.all<{ channel_id: string; n: unknown }>(sql`
        SELECT s.channel_id AS channel_id, count(DISTINCT s.question_id) AS n
        FROM question_sources s JOIN questions q ON q.id = s.question_id
        WHERE s.guild_id = ${guildId} AND s.cited = ${exec.bool(true)} AND ${inPeriod(guildId, sinceMs, untilMs)}
        GROUP BY s.channel_id ORDER BY n DESC, s.channel_id LIMIT ${limit}`);
      return rows.map((r) => ({ channelId: String(r.channel_id), questions: asNumber(r.n) }));
    },

    async ratings(guildId, sinceMs, untilMs) {
      const rows = await exec.all<{ rating: unknown; n: unknown }>(sql`
        SELECT f.rating AS rating, count(*) AS n FROM feedback f JOIN questions q ON q.id = f.answer_id
        WHERE ${inPeriod(guildId, sinceMs, untilMs)} GROUP BY f.rating`);
      return tallyRatings(rows);
    },

    async labels(topicIds) {
      const out = [];
      for (const part of chunks(topicIds, 500)) {
        const rows = await exec.all<Record<string, unknown>>(sql`
          SELECT t.id AS id, t.size AS size, t.method AS method, q.text AS text, q."private" AS priv
          FROM topics t LEFT JOIN questions q ON q.id = t.label_question_id
          WHERE ${exec.inList(sql`t.id`, part)}`);
        for (const r of rows) {
          out.push({
            topicId: String(r.id),
            size: asNumber(r.size),
            method: grouping(r.method) ?? 'keywords',
            // Never a private question's text, whatever the label says.
            text: r.text === null || r.text === undefined || asBool(r.priv) ? null : String(r.text),
          });
        }
      }
      return out;
    },

    async publicTexts(guildId, topicId, sinceMs, untilMs, limit) {
      const rows = await exec.all<Record<string, unknown>>(sql`
        SELECT q.id AS id, q.text AS text, q.outcome AS outcome, q.asked_at AS asked_at FROM questions q
        WHERE ${inPeriod(guildId, sinceMs, untilMs)} AND q."private" = ${exec.bool(false)}
          AND ${topicId === null ? sql`q.topic_id IS NULL` : sql`q.topic_id = ${topicId}`}
        ORDER BY q.asked_at DESC, q.id DESC LIMIT ${limit}`);
      return rows.map((r) => ({
        id: String(r.id),
        text: String(r.text ?? ''),
        outcome: String(r.outcome) as QuestionOutcome,
        askedAt: asNumber(r.asked_at),
      }));
    },

    async digestChannels() {
      const rows = await exec.all<{ guild_id: string; digest_channel_id: string }>(sql`
        SELECT guild_id, digest_channel_id FROM guild_settings WHERE digest_channel_id IS NOT NULL
        ORDER BY guild_id`);
      return rows.map((r) => ({ guildId: String(r.guild_id), channelId: String(r.digest_channel_id) }));
    },

    async claimDigest(r, now, leaseMs) {
      const until = now + leaseMs;
      const inserted = await exec.get(sql`
        INSERT INTO digests (guild_id, week, status, owner, lease_until, channel_id, claimed_at)
        VALUES (${r.guildId}, ${r.week}, 'sending', ${r.owner}, ${until}, ${r.channelId}, ${now})
        ON CONFLICT (guild_id, week) DO NOTHING RETURNING guild_id`);
      if (inserted !== undefined)
        return { guildId: r.guildId, week: r.week, channelId: r.channelId, retry: false };
      // A claim whose process died before it finished: taken over (by one process) after its lease,
      // in the channel it was meant for (the message it may have sent carries the same nonce).
      const taken = await exec.get<{ channel_id: string }>(sql`
        UPDATE digests SET owner = ${r.owner}, lease_until = ${until}
        WHERE guild_id = ${r.guildId} AND week = ${r.week} AND status = 'sending' AND lease_until < ${now}
        RETURNING channel_id`);
      return taken === undefined
        ? undefined
        : { guildId: r.guildId, week: r.week, channelId: String(taken.channel_id), retry: true };
    },

    async finishDigest(guildId, week, owner, r) {
      await exec.run(sql`
        UPDATE digests SET status = ${r.status}, sent_at = ${r.at},
          message_id = ${r.status === 'sent' ? r.messageId : null}, error = ${r.status === 'failed' ? r.error : null}
        WHERE guild_id = ${guildId} AND week = ${week} AND owner = ${owner}`);
    },

    async staleDigests(now) {
      const rows = await exec.all<{ guild_id: string; week: string; channel_id: string }>(sql`
        SELECT guild_id, week, channel_id FROM digests WHERE status = 'sending' AND lease_until < ${now}
        ORDER BY claimed_at LIMIT 100`);
      return rows.map((r) => ({
        guildId: String(r.guild_id),
        week: String(r.week),
        channelId: String(r.channel_id),
      }));
    },

    async digest(guildId, week) {
      const r = await exec.get<Record<string, unknown>>(
        sql`SELECT status, message_id, error FROM digests WHERE guild_id = ${guildId} AND week = ${week}`,
      );
      return r === undefined
        ? undefined
        : { status: String(r.status), messageId: str(r.message_id), error: str(r.error) };
    },
  };
}
