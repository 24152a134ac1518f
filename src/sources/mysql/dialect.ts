import { ansiDialect, type Dialect, quoteWith } from '../sql/dialect.js';

/** MySQL 8 and MariaDB: one dialect; where they differ (timeouts) the driver decides. */
export const mysqlDialect: Dialect = {
  ...ansiDialect,
  name: 'mysql',
  quoteIdent: (n) => quoteWith('`', n),
  param: () => '?',
  timestampParam: () => 'CAST(? AS DATETIME(6))',
  toFloat: (e) => `CAST(${e} AS DOUBLE)`,
  length: (e) => `CHAR_LENGTH(${e})`,
  // Neither MySQL nor MariaDB has an aggregate percentile (MariaDB's is a window function only).
  quantiles: () => null,
  truncate: (unit, e) =>
    `DATE_FORMAT(${e}, '${unit === 'hour' ? '%Y-%m-%d %H:00:00' : '%Y-%m-%d 00:00:00'}')`,
  toText: (e) => `CAST(${e} AS CHAR)`,
};
