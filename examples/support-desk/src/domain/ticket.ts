import type { CustomerId, TechnicianId, TicketId } from '../lib/ids.js';

export type TicketStatus = 'open' | 'waiting_on_customer' | 'in_progress' | 'resolved' | 'closed';
export type TicketChannel = 'web' | 'email' | 'phone' | 'chat';
export type TicketCategory = 'email_setup' | 'email_delivery' | 'virus' | 'slow_computer' | 'printer' | 'other';

/** A support request. Its messages are what the customer and technicians wrote to each other. */
export interface Ticket {
  id: TicketId;
  customerId: CustomerId;
  subject: string;
  category: TicketCategory;
  channel: TicketChannel;
  status: TicketStatus;
  priority: 1 | 2 | 3;
  assignee?: TechnicianId;
  messages: TicketMessage[];
  openedAt: Date;
  resolvedAt?: Date;
  /** Minutes of technician time spent, for billing pay-per-incident customers. */
  minutesSpent: number;
}

/**
 * One message in a ticket thread.
 * @pledge-source user_provided
 */
export interface TicketMessage {
  author: 'customer' | 'technician';
  /** @pledge user.content.communications */
  body: string;
  /** @pledge user.content.files */
  attachments: Attachment[];
  sentAt: Date;
}

export interface Attachment {
  name: string;
  mediaType: string;
  bytes: number;
  storageKey: string;
}

/** How long until a ticket of this priority must get its first answer, in minutes. */
export function responseTarget(priority: Ticket['priority']): number {
  return priority === 1 ? 30 : priority === 2 ? 240 : 1440;
}

const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['in_progress', 'waiting_on_customer', 'resolved', 'closed'],
  waiting_on_customer: ['in_progress', 'resolved', 'closed'],
  in_progress: ['waiting_on_customer', 'resolved'],
  resolved: ['closed', 'in_progress'],
  closed: [],
};

export function canMove(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Guesses the category of a new ticket from its subject, so that it lands with the right team. */
export function guessCategory(subject: string): TicketCategory {
  const s = subject.toLowerCase();
  if (/(outlook|imap|smtp|mailbox|set ?up)/.test(s)) return 'email_setup';
  if (/(bounce|not receiving|spam|deliver)/.test(s)) return 'email_delivery';
  if (/(virus|malware|pop-?up|ransom)/.test(s)) return 'virus';
  if (/(slow|freez|hang|startup)/.test(s)) return 'slow_computer';
  if (/print/.test(s)) return 'printer';
  return 'other';
}
