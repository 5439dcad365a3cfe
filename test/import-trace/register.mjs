// Registers hook.mjs before the entry point loads: node --import ./test/import-trace/register.mjs …
import { register } from 'node:module';

register('./hook.mjs', import.meta.url);
