// Preloaded into a process under test (`node --import ./test/loaded-modules.mjs …`): records every
// module the process loads, ES modules through a loader hook and CommonJS ones from require.cache,
// and writes their file paths, one a line, to LOADED_MODULES_FILE when the process exits.
// test/lean-roles.test.ts reads it to see what a role's module graph holds.
import { writeFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel } from 'node:worker_threads';

const out = process.env.LOADED_MODULES_FILE;
const loaded = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => {
  if (url.startsWith('file:')) loaded.add(fileURLToPath(url));
});
port1.unref();
const hooks = `
  let port;
  export function initialize(data) { port = data.port; }
  export async function load(url, context, next) {
    port.postMessage(url);
    return next(url, context);
  }
`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`, {
  data: { port: port2 },
  transferList: [port2],
});
const require = createRequire(import.meta.url);
process.on('exit', () => {
  for (const file of Object.keys(require.cache)) loaded.add(file);
  if (out) writeFileSync(out, `${[...loaded].sort().join('\n')}\n`);
});
