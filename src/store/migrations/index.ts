import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-monitors.js';
import * as m0003 from './0003-alerts.js';
import * as m0004 from './0004-heartbeats.js';
import * as m0005 from './0005-incidents.js';
import * as m0006 from './0006-catalog.js';
import * as m0007 from './0007-postmortems.js';
import * as m0008 from './0008-incident-response.js';
import * as m0009 from './0009-slos.js';
import * as m0011 from './0011-alerting.js';
import * as m0012 from './0012-users.js';
import * as m0013 from './0013-pipelines-usage.js';
import * as m0015 from './0015-usage-daily.js';
import * as m0017 from './0017-intake-history.js';

/** Every migration, in order. Names are permanent: the store records which have run. */
export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-monitors': m0002,
  '0003-alerts': m0003,
  '0004-heartbeats': m0004,
  '0005-incidents': m0005,
  '0006-catalog': m0006,
  '0007-postmortems': m0007,
  '0008-incident-response': m0008,
  '0009-slos': m0009,
  '0011-alerting': m0011,
  '0012-users': m0012,
  '0013-pipelines-usage': m0013,
  '0015-usage-daily': m0015,
  '0017-intake-history': m0017,
};
