/**
 * OpenLineage events for the UI tests: raw metric -> staging -> two marts, loaded nightly for two
 * weeks at 02:00 UTC (one failed night) and built at 03:30, as Airflow's integration sends them.
 */
const PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/airflow';
const SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const NS = 'warehouse';

const ds = (name: string) => ({ namespace: NS, name });

function run(
  job: string,
  start: Date,
  minutes: number,
  failed: boolean,
  inputs: string[],
  outputs: string[],
  n: number,
) {
  const runId = `0194${String(n).padStart(4, '0')}-1a80-7c3e-9f0d-${job.length.toString(16).padStart(4, '0')}${String(start.getTime() % 1e8).padStart(8, '0')}`;
  const end = new Date(start.getTime() + minutes * 60_000);
  const common = {
    producer: PRODUCER,
    schemaURL: SCHEMA_URL,
    job: { namespace: 'airflow', name: job },
    inputs: inputs.map(ds),
    outputs: outputs.map(ds),
  };
  return [
    { ...common, eventType: 'START', eventTime: start.toISOString(), run: { runId } },
    {
      ...common,
      eventType: failed ? 'FAIL' : 'COMPLETE',
      eventTime: end.toISOString(),
      run: {
        runId,
        ...(failed
          ? {
              facets: {
                errorMessage: {
                  _producer: PRODUCER,
                  _schemaURL:
                    'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
                  message: 'connection reset by peer while copying lake.metric',
                  programmingLanguage: 'PYTHON',
                },
              },
            }
          : {}),
      },
    },
  ];
}

export function lineageEvents(now: Date): unknown[] {
  const events: unknown[] = [];
  const day0 = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - 14 * 86_400_000;
  for (let d = 0; d < 14; d++) {
    const night = day0 + d * 86_400_000;
    events.push(
      ...run(
        'load_metric',
        new Date(night + 2 * 3_600_000),
        12 + (d % 5),
        d === 9,
        ['raw.metric_feed'],
        ['lake.metric'],
        d * 2,
      ),
      ...run(
        'build_marts',
        new Date(night + 3.5 * 3_600_000),
        25 + (d % 7) * 2,
        false,
        ['lake.metric', 'lake.customers'],
        ['marts.revenue', 'marts.customer_value'],
        d * 2 + 1,
      ),
    );
  }
  return events;
}
