/** Whether a process exists. Signal 0 checks without sending anything; EPERM means it exists but is someone else's. */
export function isPidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
