import type { Customer } from '../domain/customer.js';
import type { DeviceProfile } from '../domain/device.js';
import { mayContinue, sessionMinutes, type RemoteSession } from '../domain/session.js';
import type { Ticket } from '../domain/ticket.js';
import type { Clock } from '../lib/clock.js';
import { newId, type SessionId, type TechnicianId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { fail, ok, type Result } from '../lib/result.js';
import { sessionConsents } from '../privacy/consents.js';
import type { PolicyGate } from '../privacy/policy-gate.js';
import type { Database } from '../storage/repository.js';
import { analytics } from '../vendors/analytics.js';
import type { RemoteControl } from '../vendors/remote-control.js';

/** Remote-control sessions: a technician takes over the customer's computer, only after the customer agrees. */
export class RemoteSessionService {
  readonly #channels = new Map<SessionId, string>();

  constructor(
    private readonly db: Database,
    private readonly relay: RemoteControl,
    private readonly gate: PolicyGate,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  request(ticket: Ticket, device: DeviceProfile, technician: TechnicianId): RemoteSession {
    const session: RemoteSession = {
      id: newId('ses'),
      ticketId: ticket.id,
      customerId: ticket.customerId,
      deviceId: device.id,
      technician,
      state: 'consent_pending',
      consents: [],
      customerPresent: false,
    };
    return this.db.sessions.put(session);
  }

  /** The customer answered the consent prompt shown on their screen. */
  async answerPrompt(sessionId: SessionId, customer: Customer, agreed: readonly string[]): Promise<Result<RemoteSession>> {
    const session = this.db.sessions.get(sessionId);
    if (!session || session.customerId !== customer.id) return fail('not_found', 'no such session');
    const device = this.db.devices.get(session.deviceId);
    if (!device) return fail('not_found', 'the device is gone');
    const consents = sessionConsents(customer, agreed);
    const allowed = this.gate.allows({
      action: 'use',
      category: ['user.device.hardware', 'user.device.software'],
      purpose: 'essential.service.remote_access',
      consent: consents,
      source: 'user_provided',
    });
    if (!allowed) {
      this.logger.info('remote access refused', { session: session.id });
      return ok(this.db.sessions.put({ ...session, state: 'refused', consents }));
    }
    const channel = await this.relay.connect(device, session.technician);
    this.#channels.set(session.id, channel.channelId);
    analytics.track('remote_session_started', { technician: session.technician });
    return ok(this.db.sessions.put({ ...session, state: 'connected', consents, customerPresent: true, startedAt: this.clock.now() }));
  }

  /**
   * Reconnects after the relay dropped the channel. Written in a hurry: it reconnects without asking the policy
   * again, although the customer may have withdrawn consent since.
   */
  async reconnect(sessionId: SessionId): Promise<Result<RemoteSession>> {
    const session = this.db.sessions.get(sessionId);
    if (!session || session.state !== 'connected') return fail('conflict', 'the session is not running');
    const device = this.db.devices.get(session.deviceId);
    if (!device) return fail('not_found', 'the device is gone');
    const channel = await this.relay.connect(device, session.technician); // expect-pledge: PLL002
    this.#channels.set(session.id, channel.channelId);
    return ok(session);
  }

  /** Copies the files the customer attached to their ticket onto the technician's side of the session. */
  async pullTicketAttachments(sessionId: SessionId, ticket: Ticket): Promise<Result<number>> {
    const session = this.db.sessions.get(sessionId);
    const channel = this.#channels.get(sessionId);
    if (!session || !channel || !mayContinue(session)) return fail('conflict', 'the session is not running');
    const attachments = ticket.messages.flatMap((m) => m.attachments);
    return ok(await this.relay.pullFiles(channel, attachments)); // expect-pledge: PLL001
  }

  presence(sessionId: SessionId, present: boolean): Result<RemoteSession> {
    const session = this.db.sessions.get(sessionId);
    if (!session) return fail('not_found', 'no such session');
    if (!present) this.logger.warn('customer left the computer during a session', { session: session.id });
    return ok(this.db.sessions.put({ ...session, customerPresent: present }));
  }

  async end(sessionId: SessionId): Promise<Result<RemoteSession>> {
    const session = this.db.sessions.get(sessionId);
    if (!session) return fail('not_found', 'no such session');
    const channel = this.#channels.get(sessionId);
    if (channel) await this.relay.disconnect(channel);
    this.#channels.delete(sessionId);
    const ended: RemoteSession = { ...session, state: 'ended', endedAt: this.clock.now() };
    analytics.track('remote_session_ended', { minutes: sessionMinutes(ended) });
    return ok(this.db.sessions.put(ended));
  }
}
