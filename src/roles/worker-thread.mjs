// The worker thread's first module. Node 20 does not carry the main thread's `--import tsx` hooks
// into worker threads, so the thread registers tsx itself, then loads the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('./worker-thread.ts');
