/** An email as a service hands it to its mailer. */
export interface SentEmail {
  to: string;
  subject: string;
  text: string;
}

/** A mailer that keeps what it is given, instead of SMTP: tests read verification tokens from it. */
export class Mailbox {
  readonly sent: SentEmail[] = [];

  async send(email: SentEmail): Promise<void> {
    this.sent.push(email);
  }

  /** The token on the last line of the last email to `to`. */
  tokenFor(to: string): string {
    const email = this.sent.filter((e) => e.to === to).at(-1);
    if (!email) throw new Error(`no email to ${to}`);
    return email.text.trim().split('\n').at(-1)!;
  }
}
