import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeOrphanedUploads } from '../../api/import/upload';

describe('removeOrphanedUploads', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'crm-spool-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('removes the uploads of processes that are gone and keeps those of live ones', async () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid; // a process that has exited
    const files = {
      mine: `${process.pid}-1764600000000-aaaaaaaaaaaa.csv`,
      parent: `${process.ppid}-1764600000000-bbbbbbbbbbbb.csv`,
      dead: `${gone}-1764600000000-cccccccccccc.csv`,
      older: '1764600000000-dddddddddddd.csv',
    };
    for (const name of Object.values(files)) writeFileSync(path.join(dir, name), 'tracking_no\n');
    const removed = await removeOrphanedUploads(dir);
    expect(removed.sort()).toEqual([files.dead, files.older].sort());
    expect(readdirSync(dir).sort()).toEqual([files.mine, files.parent].sort());
  });

  it('is content with a folder that does not exist yet', async () => {
    expect(await removeOrphanedUploads(path.join(dir, 'none'))).toEqual([]);
  });
});
