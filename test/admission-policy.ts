import type { AdmissionPolicy } from '../src/queue/types';

/** The admission policy of the queue tests: the service's defaults, 2 fallback slots. */
export const testPolicy: AdmissionPolicy = {
  maxWaitMs: 600_000,
  maxPerMember: 3,
  defaultServiceMs: 10_000,
  fallbackSlots: 2,
  expiryMarginMs: 30_000,
};
