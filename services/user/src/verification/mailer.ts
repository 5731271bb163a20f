import type { Logger } from '@ops/logger';
import nodemailer from 'nodemailer';

export interface Email {
  to: string;
  subject: string;
  text: string;
}

/** Sends the service's few emails (verification links). */
export interface Mailer {
  send(email: Email): Promise<void>;
}

/** Through an SMTP server (SMTP_URL), by nodemailer. */
export class SmtpMailer implements Mailer {
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(url);
  }

  async send(email: Email): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...email });
  }
}

/** Without SMTP (a laptop, a demo): the email is written to the log, where the developer finds the link. */
export class LogMailer implements Mailer {
  constructor(private readonly logger: Logger) {}

  async send(email: Email): Promise<void> {
    this.logger.info({ email }, 'email (SMTP_URL not set, so logged instead of sent)');
  }
}
