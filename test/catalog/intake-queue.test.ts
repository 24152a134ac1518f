import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../../src/ingest/openlineage/fixtures.test-support.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { openTestStore, type TestStore } from '../support/stores.js';

describe('OpenLineage intake under concurrent requests', () => {
  let t: TestStore;
  let a: TestApp;
  beforeAll(async () => {
    t = await openTestStore('pglite');
    a = await buildTestApp(t.store);
  }, 180_000);
  afterAll(async () => {
    await a?.app.close();
    await t?.dispose();
  });

  it('writes requests that arrive together as one, and answers each with its own runs', async () => {
    const ids = Array.from({ length: 24 }, () => randomUUID());
    const answers = await Promise.all(
      ids.map((runId, i) => {
        const e = fixture('run-start') as { run: { runId: string }; job: { name: string } };
        e.run.runId = runId;
        e.job.name = `job_${i % 3}`;
        return a.app.inject({ method: 'POST', url: '/api/v1/lineage', headers: a.as.responder, payload: e });
      }),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(ids.map(() => 200));
    expect(answers.map((r) => r.json().runs.map((x: { runId: string }) => x.runId))).toEqual(
      ids.map((id) => [id]),
    );
    const runs = await t.store.db
      .selectFrom('pipeline_runs')
      .select('run_id')
      .where('run_id', 'in', ids)
      .execute();
    expect(runs).toHaveLength(24);
    // One audit row per request, whatever was written together.
    const audits = await t.store.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'lineage.ingest')
      .execute();
    expect(audits).toHaveLength(24);
  });
});
