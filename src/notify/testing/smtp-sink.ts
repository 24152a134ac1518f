import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server (the smtp-server package) on loopback that keeps what it receives. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  user?: string;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  /** Makes RCPT TO answer this code (451 try later, 550 no such mailbox); undefined accepts. */
  rejectRecipientsWith(code: number | undefined): void;
  close(): Promise<void>;
}

export async function startSmtpSink(
  options: { auth?: { user: string; pass: string } } = {},
): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  let rejectCode: number | undefined;
  const server = new SMTPServer({
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === options.auth?.user && auth.password === options.auth?.pass) {
        callback(null, { user: auth.username });
      } else {
        callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
      }
    },
    onRcptTo(_address, _session, callback) {
      if (rejectCode === undefined) return callback();
      const text = rejectCode >= 500 ? 'Mailbox unavailable' : 'Mailbox busy, try later';
      callback(Object.assign(new Error(text), { responseCode: rejectCode }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        mails.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    mails,
    rejectRecipientsWith: (code) => {
      rejectCode = code;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
