import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './product';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Member { name: string; role: string; state: string; lag?: number | string }

interface Node {
  name: string;
  pgPort: number;
  apiPort: number;
  config: string;
  data: string;
  child?: ChildProcess;
}

/**
 * A throwaway highly available PostgreSQL 15 (Debian's patroni, etcd-server and haproxy): one etcd, three
 * Patroni-managed nodes with synchronous_mode, and HAProxy with a write port routed to the leader (Patroni's
 * `/primary` check) and a read port to the replicas (`/replica`). All on free loopback ports and data folders
 * under one temporary folder; every process in its own process group, so a node can be killed whole
 * (Patroni and its PostgreSQL) as when its machine is lost.
 */
export class PatroniCluster {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'crm-patroni-'));
  readonly nodes: Node[] = [];
  private etcd?: ChildProcess;
  private haproxy?: ChildProcess;
  writePort = 0;
  /** seconds from the first node's start to its election as leader, and to the replicas streaming with a synchronous standby */
  readonly timings = { leaderSeconds: 0, replicasSeconds: 0 };
  readPort = 0;
  constructor(readonly ttlSeconds = 10, readonly loopWaitSeconds = 1) {
    chmodSync(this.dir, 0o777);
  }

  get writeUrl() { return `postgres://postgres@127.0.0.1:${this.writePort}/postgres`; }
  writeUrlOf(database: string) { return `postgres://postgres@127.0.0.1:${this.writePort}/${database}`; }
  readUrlOf(database: string) { return `postgres://postgres@127.0.0.1:${this.readPort}/${database}`; }
  nodeUrlOf(node: Node, database: string) { return `postgres://postgres@127.0.0.1:${node.pgPort}/${database}`; }

  private spawnLogged(name: string, file: string, args: string[], asPostgres = false): ChildProcess {
    const log = openSync(path.join(this.dir, `${name}.log`), 'a');
    // setpriv execs in place (runuser would start a new session): the group killed is Patroni's, its PostgreSQL included
    const [cmd, argv] = asPostgres && process.getuid?.() === 0
      ? ['setpriv', ['--reuid=postgres', '--regid=postgres', '--init-groups', '--', file, ...args]] : [file, args];
    return spawn(cmd, argv, { detached: true, stdio: ['ignore', log, log] });
  }

  private static killGroup(child: ChildProcess | undefined, signal: NodeJS.Signals = 'SIGKILL') {
    if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-child.pid, signal); } catch { /* gone */ }
  }

  async start() {
    const etcdClient = await freePort();
    const etcdPeer = await freePort();
    this.etcd = this.spawnLogged('etcd', 'etcd', [
      '--name', 'e1', '--data-dir', path.join(this.dir, 'etcd'),
      '--listen-client-urls', `http://127.0.0.1:${etcdClient}`, '--advertise-client-urls', `http://127.0.0.1:${etcdClient}`,
      '--listen-peer-urls', `http://127.0.0.1:${etcdPeer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${etcdPeer}`,
      '--initial-cluster', `e1=http://127.0.0.1:${etcdPeer}`,
    ]);
    await this.until(async () => (await fetch(`http://127.0.0.1:${etcdClient}/health`)).ok, 30_000, 'etcd did not start');
    for (let i = 1; i <= 3; i++) {
      const node: Node = { name: `node${i}`, pgPort: await freePort(), apiPort: await freePort(), config: path.join(this.dir, `node${i}.yml`), data: path.join(this.dir, `node${i}`) };
      const data = node.data;
      writeFileSync(node.config, this.patroniConfig(node, data, etcdClient));
      this.nodes.push(node);
    }
    mkdirSync(path.join(this.dir, 'sockets'), { mode: 0o777 });
    chmodSync(path.join(this.dir, 'sockets'), 0o777);
    // the first node bootstraps alone (one initdb), then the others join as replicas
    const started = performance.now();
    this.startNode(this.nodes[0]!);
    await this.until(async () => (await this.leader()) !== null, 120_000, 'no leader was elected');
    this.timings.leaderSeconds = (performance.now() - started) / 1000;
    for (const node of this.nodes.slice(1)) this.startNode(node);
    this.writePort = await freePort();
    this.readPort = await freePort();
    const cfg = path.join(this.dir, 'haproxy.cfg');
    writeFileSync(cfg, this.haproxyConfig());
    this.haproxy = this.spawnLogged('haproxy', 'haproxy', ['-db', '-f', cfg]);
    await this.until(async () => (await this.members()).filter((m) => m.state === 'streaming' || m.state === 'running').length === 3
      && (await this.members()).some((m) => m.role === 'sync_standby'), 120_000, 'the replicas did not join');
    this.timings.replicasSeconds = (performance.now() - started) / 1000;
  }

  private patroniConfig(node: Node, data: string, etcdPort: number) {
    return `scope: crm-faults
name: ${node.name}
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:${node.apiPort}
  connect_address: 127.0.0.1:${node.apiPort}
etcd3:
  hosts: 127.0.0.1:${etcdPort}
bootstrap:
  dcs:
    ttl: ${this.ttlSeconds}
    loop_wait: ${this.loopWaitSeconds}
    retry_timeout: ${Math.max(2, Math.floor((this.ttlSeconds - this.loopWaitSeconds) / 2))}
    maximum_lag_on_failover: 1048576
    synchronous_mode: true
    postgresql:
      use_pg_rewind: true
      parameters:
        wal_level: replica
        hot_standby: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        wal_log_hints: 'on'
        max_connections: 100
  initdb:
  - encoding: UTF8
  - auth: trust
  pg_hba:
  - local all all trust
  - host replication all 127.0.0.1/32 trust
  - host all all 127.0.0.1/32 trust
postgresql:
  listen: 127.0.0.1:${node.pgPort}
  connect_address: 127.0.0.1:${node.pgPort}
  data_dir: ${data}
  bin_dir: ${PG_BIN}
  pgpass: ${path.join(this.dir, `${node.name}.pgpass`)}
  authentication:
    replication: { username: replicator, password: replicator }
    superuser: { username: postgres, password: postgres }
    rewind: { username: postgres, password: postgres }
  parameters:
    unix_socket_directories: ${path.join(this.dir, 'sockets')}
    fsync: 'off'
`;
  }

  private haproxyConfig() {
    const servers = (check: string) => this.nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.pgPort} check port ${n.apiPort}`).join('\n');
    return `global
  maxconn 400
defaults
  mode tcp
  timeout connect 2s
  timeout client 30m
  timeout server 30m
  timeout check 2s
listen primary
  bind 127.0.0.1:${this.writePort}
  option httpchk GET /primary
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
${servers('/primary')}
listen replicas
  bind 127.0.0.1:${this.readPort}
  balance roundrobin
  option httpchk GET /replica
  http-check expect status 200
  default-server inter 1s fall 2 rise 1 on-marked-down shutdown-sessions
${servers('/replica')}
`;
  }

  startNode(node: Node) {
    node.child = this.spawnLogged(node.name, 'patroni', [node.config], true);
  }

  /** SIGKILL to the node's Patroni and its PostgreSQL at once. */
  async killNode(node: Node) {
    PatroniCluster.killGroup(node.child);
    PatroniCluster.killPostmaster(node);
    await this.until(async () => !(await fetch(`http://127.0.0.1:${node.apiPort}/health`).then(() => true, () => false)), 10_000, 'the node did not die');
  }

  /**
   * Patroni's maintenance mode: Patroni leaves PostgreSQL alone (it would resume a replica's paused replay).
   * Resolves once every member has seen it.
   */
  async setMaintenance(on: boolean) {
    const leader = await this.leader();
    if (!leader) throw new Error('no leader');
    const res = await fetch(`http://127.0.0.1:${leader.apiPort}/config`, { method: 'PATCH', body: JSON.stringify({ pause: on }) });
    if (!res.ok) throw new Error(`PATCH /config answered ${res.status}`);
    await this.until(async () => {
      for (const node of this.nodes) {
        const state = await (await fetch(`http://127.0.0.1:${node.apiPort}/patroni`)).json();
        if (Boolean(state.pause) !== on) return false;
      }
      return true;
    }, 15_000, 'the members did not see the maintenance mode');
  }

  /** A PostgreSQL that outlived its Patroni (should not happen: they share a process group). */
  private static killPostmaster(node: Node) {
    try {
      const pid = Number(readFileSync(path.join(node.data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch { /* not running */ }
  }

  /** The members as Patroni's REST API reports them (from any node that answers). */
  async members(): Promise<Member[]> {
    for (const node of this.nodes) {
      try {
        const res = await fetch(`http://127.0.0.1:${node.apiPort}/cluster`, { signal: AbortSignal.timeout(1000) });
        if (res.ok) return ((await res.json()).members ?? []) as Member[];
      } catch { /* next node */ }
    }
    return [];
  }

  async leader(): Promise<Node | null> {
    const m = (await this.members()).find((x) => x.role === 'leader' && x.state === 'running');
    return m ? this.nodes.find((n) => n.name === m.name) ?? null : null;
  }

  async until(check: () => Promise<boolean>, forMs: number, message: string) {
    const deadline = Date.now() + forMs;
    for (;;) {
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`${message} (logs in ${this.dir})`);
      await pause(200);
    }
  }

  async destroy() {
    for (const node of this.nodes) {
      PatroniCluster.killGroup(node.child);
      PatroniCluster.killPostmaster(node);
    }
    PatroniCluster.killGroup(this.haproxy);
    PatroniCluster.killGroup(this.etcd);
    await pause(500); // the killed processes let go of their files
    if (!process.env.KEEP_PATRONI_DIR) rmSync(this.dir, { recursive: true, force: true });
  }
}
