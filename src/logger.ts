import pino, { type Logger } from 'pino';

/** JSON logs; pretty ones when a person watches a terminal. */
export function createLogger(level: string, pretty: boolean = process.stdout.isTTY === true): Logger {
  return pino({
    level,
    redact: {
      paths: ['req.headers.authorization', '*.password', '*.secret', '*.secrets', '*.token'],
      censor: '[redacted]',
    },
    ...(pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' },
          },
        }
      : {}),
  });
}
