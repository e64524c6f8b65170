import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { failInterruptedImportJobs } from '../../api/queries/import-jobs';

describe('start-up recovery', () => {
  const t = useTestApp();

  it('marks import jobs without a recent heartbeat, or whose process is gone, as failed with a message saying how to complete them', async () => {
    const minuteAgo = new Date(Date.now() - 60_000);
    const running = await t.db.insertInto('import_jobs').values({ status: 'running', file_name: 'a.csv', warnings: '[]', heartbeat_at: minuteAgo }).returning('id').executeTakeFirstOrThrow();
    const done = await t.db.insertInto('import_jobs').values({ status: 'succeeded', file_name: 'b.csv', warnings: '[]', heartbeat_at: minuteAgo }).returning('id').executeTakeFirstOrThrow();
    const alive = await t.db.insertInto('import_jobs').values({ status: 'running', file_name: 'c.csv', warnings: '[]', heartbeat_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    const gone = await t.db.insertInto('import_jobs').values({ status: 'running', file_name: 'd.csv', warnings: '[]', heartbeat_at: new Date(), runner: 'dead' }).returning('id').executeTakeFirstOrThrow();
    const marked = await failInterruptedImportJobs(t.db, 30, (runner) => runner === 'dead');
    expect(marked.map((j) => j.id).sort()).toEqual([running.id, gone.id]);
    expect((await t.db.selectFrom('import_jobs').select('status').where('id', '=', alive.id).executeTakeFirstOrThrow()).status).toBe('running');
    const rows = await t.db.selectFrom('import_jobs').select(['id', 'status', 'error_message']).orderBy('id').execute();
    expect(rows[0]).toMatchObject({ id: running.id, status: 'failed', error_message: expect.stringMatching(/import the same file again/) });
    expect(rows[1]).toMatchObject({ id: done.id, status: 'succeeded', error_message: null });
  });
});
