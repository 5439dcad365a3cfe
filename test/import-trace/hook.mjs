// Records every module URL Node resolves into TRACE_FILE (test/endpoint-imports.test.ts).
import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (process.env.TRACE_FILE) appendFileSync(process.env.TRACE_FILE, `${r.url}\n`);
  return r;
}
