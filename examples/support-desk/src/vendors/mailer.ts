/** An email we send from our own mail server. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Marketing email must carry an unsubscribe link (the policy's obligation). */
  unsubscribeUrl?: string;
  tags?: string[];
}

export interface MailTransport {
  deliver(message: OutgoingEmail): Promise<{ messageId: string }>;
}

/** Sends email through our own SMTP relay. What each email is for is stated at each call. */
export class Mailer {
  readonly #transport: MailTransport;
  readonly #from: string;

  constructor(transport: MailTransport, from: string) {
    this.#transport = transport;
    this.#from = from;
  }

  async send(message: OutgoingEmail): Promise<string> {
    if (message.tags?.includes('marketing') && !message.unsubscribeUrl) {
      throw new Error('marketing email without an unsubscribe link');
    }
    const { messageId } = await this.#transport.deliver({ ...message, text: `${message.text}\n\n-- \n${this.#from}` });
    return messageId;
  }
}

/** A transport that keeps messages in memory, for the in-memory setup. */
export class MemoryTransport implements MailTransport {
  readonly outbox: OutgoingEmail[] = [];

  async deliver(message: OutgoingEmail): Promise<{ messageId: string }> {
    this.outbox.push(message);
    return { messageId: `msg-${this.outbox.length}` };
  }
}
