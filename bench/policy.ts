import { parseSettings } from '../src/config';
import type { AdmissionPolicy } from '../src/queue/types';
import { admissionPolicy } from '../src/roles/common';

/** The admission rules a process started with `env` applies (the product's defaults otherwise). */
export function admissionPolicyOf(env: Record<string, string>): AdmissionPolicy {
  return admissionPolicy(parseSettings(env));
}
