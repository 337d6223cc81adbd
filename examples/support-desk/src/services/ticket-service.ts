import { displayName, type Customer } from '../domain/customer.js';
import { canMove, guessCategory, responseTarget, type Ticket, type TicketChannel, type TicketMessage, type TicketStatus } from '../domain/ticket.js';
import { daysBetween, type Clock } from '../lib/clock.js';
import { newId, type TechnicianId, type TicketId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { fail, ok, type Result } from '../lib/result.js';
import { requireText } from '../lib/validation.js';
import type { Database } from '../storage/repository.js';
import { analytics } from '../vendors/analytics.js';
import type { Mailer } from '../vendors/mailer.js';

/** A ticket as the customer's ticket list shows it. */
export interface TicketSummary {
  id: TicketId;
  subject: string;
  status: TicketStatus;
  lastActivity: string;
  unread: number;
}

/** Opening, answering and closing support tickets. */
export class TicketService {
  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async open(customer: Customer, subject: string, body: string, channel: TicketChannel): Promise<Result<Ticket>> {
    const cleanSubject = requireText(subject, 'subject', 140);
    if (!cleanSubject.ok) return cleanSubject;
    const cleanBody = requireText(body, 'body', 20000);
    if (!cleanBody.ok) return cleanBody;
    const now = this.clock.now();
    const ticket: Ticket = {
      id: newId('tkt'),
      customerId: customer.id,
      subject: cleanSubject.value,
      category: guessCategory(cleanSubject.value),
      channel,
      status: 'open',
      priority: customer.plan === 'business' ? 1 : customer.plan === 'pay_per_incident' ? 3 : 2,
      messages: [{ author: 'customer', body: cleanBody.value, attachments: [], sentAt: now }],
      openedAt: now,
      minutesSpent: 0,
    };
    this.db.tickets.put(ticket);
    this.logger.info('ticket opened', { ticket: ticket.id, category: ticket.category, priority: ticket.priority });
    analytics.track('ticket_opened', { category: ticket.category, channel, priority: ticket.priority, plan: customer.plan });

    await this.#notifyCustomer(
      customer,
      `We received your request: ${ticket.subject}`,
      `A technician will answer within ${Math.round(responseTarget(ticket.priority) / 60)} hours. Your ticket number is ${ticket.id}.`,
    );
    return ok(ticket);
  }

  async reply(ticketId: TicketId, author: TicketMessage['author'], body: string, technician?: TechnicianId): Promise<Result<Ticket>> {
    const ticket = this.db.tickets.get(ticketId);
    if (!ticket) return fail('not_found', 'no such ticket');
    if (ticket.status === 'closed') return fail('conflict', 'the ticket is closed');
    const clean = requireText(body, 'body', 20000);
    if (!clean.ok) return clean;
    const message: TicketMessage = { author, body: clean.value, attachments: [], sentAt: this.clock.now() };
    const updated: Ticket = {
      ...ticket,
      messages: [...ticket.messages, message],
      status: author === 'technician' ? 'waiting_on_customer' : 'in_progress',
    };
    if (technician) updated.assignee = technician;
    this.db.tickets.put(updated);
    if (author === 'technician') {
      const customer = this.db.customers.get(ticket.customerId);
      // The email only says that there is an answer: the conversation itself stays behind the customer's sign-in.
      if (customer) await this.#notifyCustomer(customer, `New reply on ticket ${ticket.id}`, 'A technician has answered your request. Sign in to read the reply.');
    }
    return ok(updated);
  }

  move(ticketId: TicketId, to: TicketStatus): Result<Ticket> {
    const ticket = this.db.tickets.get(ticketId);
    if (!ticket) return fail('not_found', 'no such ticket');
    if (!canMove(ticket.status, to)) return fail('conflict', `a ${ticket.status} ticket cannot become ${to}`);
    const updated: Ticket = { ...ticket, status: to };
    if (to === 'resolved') {
      updated.resolvedAt = this.clock.now();
      analytics.track('ticket_resolved', {
        category: ticket.category,
        hoursOpen: Math.round((updated.resolvedAt.getTime() - ticket.openedAt.getTime()) / 3_600_000),
        messages: ticket.messages.length,
      });
    }
    this.db.tickets.put(updated);
    return ok(updated);
  }

  logTime(ticketId: TicketId, minutes: number): Result<Ticket> {
    const ticket = this.db.tickets.get(ticketId);
    if (!ticket) return fail('not_found', 'no such ticket');
    if (minutes <= 0 || minutes > 600) return fail('invalid', 'minutes must be between 1 and 600');
    return ok(this.db.tickets.put({ ...ticket, minutesSpent: ticket.minutesSpent + minutes }));
  }

  summaries(customerId: Customer['id']): TicketSummary[] {
    return this.db.tickets
      .find((t) => t.customerId === customerId)
      .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime())
      .map((t) => {
        const last = t.messages[t.messages.length - 1];
        const lastCustomer = t.messages.map((m) => m.author).lastIndexOf('customer');
        return {
          id: t.id,
          subject: t.subject,
          status: t.status,
          lastActivity: (last?.sentAt ?? t.openedAt).toISOString(),
          unread: t.messages.length - 1 - lastCustomer,
        };
      });
  }

  /** Closes tickets resolved more than a week ago and asks the customer how we did. */
  async closeStale(): Promise<number> {
    const now = this.clock.now();
    let closed = 0;
    for (const ticket of this.db.tickets.find((t) => t.status === 'resolved' && t.resolvedAt !== undefined)) {
      if (daysBetween(ticket.resolvedAt!, now) < 7) continue;
      this.db.tickets.put({ ...ticket, status: 'closed' });
      closed++;
      const customer = this.db.customers.get(ticket.customerId);
      if (customer) {
        await this.#notifyCustomer(customer, 'How did we do?', `Your ticket ${ticket.id} is closed. Tell us about it in a two-minute survey: https://support.example/survey/${ticket.id}`);
      }
    }
    return closed;
  }

  /** Emails the customer about their own ticket. */
  // @pledge-purpose essential.service.support
  async #notifyCustomer(customer: Customer, subject: string, text: string): Promise<void> {
    await this.mailer.send({ to: customer.email, subject, text: `Hello ${displayName(customer)},\n\n${text}` });
  }
}
