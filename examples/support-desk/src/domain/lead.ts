/** Someone who filled in the "call me back" form on the website but is not a customer yet. */
export interface Lead {
  /** @pledge user.name */
  name: string;
  /** @pledge user.contact.email */
  email: string;
  /** @pledge user.contact.phone_number */
  phone?: string;
  question: string;
  receivedAt: Date;
}
