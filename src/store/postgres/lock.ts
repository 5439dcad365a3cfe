/**
 * Advisory lock keys of the product: (namespace, lock). Only transaction-scoped advisory locks
 * (`pg_advisory_xact_lock`) are used: they end with their transaction, which a transaction pooler
 * (PgBouncer in transaction mode) keeps on one server session, so they stay correct behind one.
 * Session locks would not: the next statement may run on another session, and the lock be left
 * held or taken twice. The index run lock is a row lease instead (queries/lock.ts).
 * https://www.postgresql.org/docs/15/explicit-locking.html#ADVISORY-LOCKS
 */
export const LOCK_NAMESPACE = 72_617; // "askbot" in no particular encoding, only distinct
export const MIGRATION_LOCK = 1;
