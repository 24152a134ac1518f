/**
 * The benchmark table: 20 columns of numbers, strings, timestamps, a date and a boolean, with
 * nulls, zeros, negatives, empty strings and future timestamps. One SELECT per engine.
 */
export function duckdbTableSql(rows: number): string {
  return `CREATE TABLE events AS SELECT ${columns((s) => `to_seconds(${s})`, 'md5(CAST(i % 2000000 AS VARCHAR))')}
  FROM range(${rows}) r(i)`;
}

export function postgresTableSql(table: string, rows: number): string {
  return `CREATE TABLE ${table} AS SELECT ${columns((s) => `make_interval(secs => ${s})`, 'md5(CAST(i % 2000000 AS text))')}
  FROM generate_series(0::bigint, ${rows - 1}::bigint) AS g(i)`;
}

function columns(secs: (s: string) => string, hash: string): string {
  return `
    CASE WHEN i % 17 = 0 THEN NULL ELSE i % 1000 - 100 END AS n_int0,
    (i * 7) % 100000 AS n_int1,
    i AS n_id,
    ((i * 2654435761) % 1000003) / 1000.0 AS n_dbl0,
    CASE WHEN i % 9 = 0 THEN NULL ELSE sin(i) * 50 END AS n_dbl1,
    CAST((i % 10000) / 100.0 AS DECIMAL(10, 2)) AS n_dec,
    i % 5 AS n_small,
    CASE WHEN i % 11 = 0 THEN NULL ELSE (i % 2001) - 1000 END AS n_neg,
    CASE WHEN i % 3 = 0 THEN NULL ELSE i * 1000 END AS n_big,
    'cat_' || (i % 50) AS s_cat,
    CASE WHEN i % 13 = 0 THEN NULL ELSE 'code_' || (i % 100000) END AS s_code,
    CASE WHEN i % 10 = 0 THEN '' ELSE 'x' || (i % 7) END AS s_empty,
    'name-' || ((i * 31) % 1000003) AS s_name,
    CASE WHEN i % 2 = 0 THEN NULL ELSE 'v' || (i % 300) END AS s_null,
    ${hash} AS s_hash,
    TIMESTAMP '2024-01-01' + ${secs('i % 31536000')} AS t_created,
    TIMESTAMP '2024-01-01' + ${secs('i % 31536000 + i % 3600')} AS t_updated,
    CASE WHEN i % 7 = 0 THEN NULL ELSE TIMESTAMP '2024-01-01' + ${secs('(i * 3) % 94608000')} END AS t_future,
    DATE '2024-01-01' + CAST(i % 365 AS INTEGER) AS t_day,
    CASE WHEN i % 19 = 0 THEN NULL ELSE i % 3 = 0 END AS b_flag`;
}
