import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app';
import { failInterruptedImportJobs } from '../../api/queries/import-jobs';

describe('start-up recovery', () => {
  const t = useTestApp();

  it('marks import jobs cut off by a stop as failed with a message saying how to complete them', async () => {
    const running = await t.db.insertInto('import_jobs').values({ status: 'running', file_name: 'a.csv', warnings: '[]' }).returning('id').executeTakeFirstOrThrow();
    const done = await t.db.insertInto('import_jobs').values({ status: 'succeeded', file_name: 'b.csv', warnings: '[]' }).returning('id').executeTakeFirstOrThrow();
    const marked = await failInterruptedImportJobs(t.db);
    expect(marked.map((j) => j.id)).toEqual([running.id]);
    const rows = await t.db.selectFrom('import_jobs').select(['id', 'status', 'error_message']).orderBy('id').execute();
    expect(rows[0]).toMatchObject({ id: running.id, status: 'failed', error_message: expect.stringMatching(/import the same file again/) });
    expect(rows[1]).toMatchObject({ id: done.id, status: 'succeeded', error_message: null });
  });
});
