/**
 * The journeys' mailbox: a real SMTP server (smtp-server) that the console's server sends its
 * notification e-mails to (SMTP_URL in playwright.config.ts), keeping each message as a .eml file
 * in E2E_MAIL_DIR for the journeys to read (readMails, with mailparser). Started once per run as
 * Playwright's global setup; its teardown closes it.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export const mailDir = (): string => process.env.E2E_MAIL_DIR ?? '.e2e/mail';

export default async function startMailSink(): Promise<() => Promise<void>> {
  const dir = mailDir();
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let count = 0;
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        writeFileSync(join(dir, `${Date.now()}-${String(++count).padStart(5, '0')}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    smtp.once('error', reject);
    smtp.listen(Number(process.env.E2E_SMTP_PORT), '127.0.0.1', () => resolve());
  });
  return () => new Promise<void>((resolve) => smtp.close(() => resolve()));
}

/** Every mail received so far, parsed, with its first recipient. */
export async function readMails(): Promise<Array<ParsedMail & { recipient: string }>> {
  const dir = mailDir();
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  return Promise.all(
    files.map(async (f) => {
      const mail = await simpleParser(readFileSync(join(dir, f)));
      return Object.assign(mail, { recipient: (mail.to as AddressObject | undefined)?.value[0]?.address ?? '' });
    }),
  );
}
