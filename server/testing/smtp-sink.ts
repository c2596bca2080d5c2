/**
 * A real SMTP server for tests (smtp-server), in-process on an ephemeral port: every message it
 * accepts is parsed with mailparser and kept in `received`. `refuseNext(n)` makes it refuse the
 * next n recipients with 452 (a busy mailbox: the sender retries later).
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  /** smtp://127.0.0.1:<port>, for notify-worker's smtpUrl. */
  url: string;
  received: ParsedMail[];
  refuseNext(n: number): void;
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const received: ParsedMail[] = [];
  let refusing = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (refusing > 0) {
        refusing--;
        callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 452 }));
        return;
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (mail) => {
          received.push(mail);
          callback();
        },
        (e: Error) => callback(e),
      );
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    received,
    refuseNext: (n) => {
      refusing = n;
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** A mail's first recipient. */
export const recipientOf = (m: ParsedMail): string => (m.to as AddressObject | undefined)?.value[0]?.address ?? '';
