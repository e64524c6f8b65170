import os from 'node:os';

/** This process among the product's processes: host, pid and start time (a pid can be reused after a restart). */
export const RUNNER_ID = `${os.hostname()}:${process.pid}:${Date.now().toString(36)}`;

const processAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, only not ours to signal
  }
};

/** True for a runner of this host whose process is gone: its work can be taken over at once, without waiting for its heartbeat to age. */
export function runnerIsGone(runner: string): boolean {
  const [host, pid] = runner.split(':');
  if (host !== os.hostname() || runner === RUNNER_ID) return false;
  const n = Number(pid);
  return Number.isInteger(n) && n > 0 && !processAlive(n);
}
