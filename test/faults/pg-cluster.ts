import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, chmodSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A throwaway PostgreSQL cluster of our own (never the shared server on 5432), which the fault tests
 * may stop and start at will. PostgreSQL refuses to run as root, so its commands run as `postgres`.
 */
export class ThrowawayCluster {
  readonly dir: string;
  port: number;
  private started = false;
  constructor(port = 20432) {
    this.port = port;
    this.dir = mkdtempSync(path.join(tmpdir(), 'crm-faults-pg-'));
    chmodSync(this.dir, 0o777);
  }

  get url() {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  urlOf(database: string) {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  private command(bin: string, args: string[]): [string, string[]] {
    return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path.join(BIN, bin), ...args]] : [path.join(BIN, bin), args];
  }

  private run(bin: string, args: string[]) {
    const [file, argv] = this.command(bin, args);
    return execFileSync(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 }).toString();
  }

  private pgCtl = (args: string[]) => ['-D', `${this.dir}/data`, '-w', '-t', '30', ...args];

  private startArgs() {
    return this.pgCtl(['-l', `${this.dir}/server.log`, '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  }

  /**
   * stop / start without blocking the event loop (for tests that keep traffic going meanwhile);
   * they resolve once the server is down / accepts connections again.
   */
  async stopAsync(mode: 'fast' | 'immediate' = 'fast') {
    const [file, argv] = this.command('pg_ctl', this.pgCtl(['-m', mode, 'stop']));
    await promisify(execFile)(file, argv, { timeout: 60_000 });
  }

  async startAsync() {
    const [file, argv] = this.command('pg_ctl', this.startArgs());
    await promisify(execFile)(file, argv, { timeout: 60_000 });
  }

  init() {
    this.run('initdb', ['-D', `${this.dir}/data`, '--auth=trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
    return this;
  }

  /**
   * Starts the cluster. The first start moves to another port when its port is taken (a busy machine
   * may hold it for an outgoing connection); later restarts keep the port the product was given.
   */
  start() {
    for (let attempt = 0; ; attempt++) {
      try {
        this.run('pg_ctl', this.startArgs());
        this.started = true;
        return;
      } catch (err) {
        if (this.started || attempt >= 4) {
          let log = '';
          try { log = readFileSync(`${this.dir}/server.log`, 'utf8').slice(-2000); } catch { /* no log yet */ }
          throw new Error(`${(err as Error).message}\n${log}`);
        }
        this.port += 1 + Math.floor(Math.random() * 100);
      }
    }
  }

  stop(mode: 'fast' | 'immediate' = 'fast') {
    this.run('pg_ctl', this.pgCtl(['-m', mode, 'stop']));
  }

  destroy() {
    try { this.stop('immediate'); } catch { /* not running */ }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
