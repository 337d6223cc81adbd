import { sessionMinutes } from '../domain/session.js';
import { responseTarget, type Ticket, type TicketCategory } from '../domain/ticket.js';
import { addDays, daysBetween, isoDate, startOfWeek, type Clock } from '../lib/clock.js';
import type { TechnicianId } from '../lib/ids.js';
import { formatMoney, multiply, sumMoney, type Money } from '../lib/money.js';
import type { Database } from '../storage/repository.js';
import { analytics } from '../vendors/analytics.js';
import type { Mailer } from '../vendors/mailer.js';

/** Weekly figures for the support team: counts and durations, never a customer. */
export interface WeeklyReport {
  week: string;
  opened: number;
  resolved: number;
  backlog: number;
  medianHoursToResolve: number;
  slaBreaches: number;
  byCategory: Record<TicketCategory, number>;
  remoteSessions: number;
  remoteMinutes: number;
  revenue: string;
  busiestTechnicians: { technician: TechnicianId; resolved: number }[];
}

const CATEGORIES: readonly TicketCategory[] = ['email_setup', 'email_delivery', 'virus', 'slow_computer', 'printer', 'other'];

/** The numbers the support managers read every Monday. */
export class ReportingService {
  constructor(
    private readonly db: Database,
    private readonly mailer: Mailer,
    private readonly clock: Clock,
  ) {}

  weekly(weekStart: Date = startOfWeek(addDays(this.clock.now(), -7))): WeeklyReport {
    const weekEnd = addDays(weekStart, 7);
    const inWeek = (d: Date | undefined): boolean => d !== undefined && d >= weekStart && d < weekEnd;
    const tickets = this.db.tickets.all();
    const opened = tickets.filter((t) => inWeek(t.openedAt));
    const resolved = tickets.filter((t) => inWeek(t.resolvedAt));
    const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, opened.filter((t) => t.category === c).length])) as Record<TicketCategory, number>;
    const sessions = this.db.sessions.find((s) => inWeek(s.startedAt));
    const paid = this.db.invoices.find((i) => i.status === 'paid' && inWeek(i.paidAt));
    const revenue: Money = sumMoney(paid.flatMap((i) => i.lines.map((l) => multiply(l.unitPrice, l.quantity))));
    return {
      week: isoDate(weekStart),
      opened: opened.length,
      resolved: resolved.length,
      backlog: tickets.filter((t) => t.status !== 'resolved' && t.status !== 'closed').length,
      medianHoursToResolve: median(resolved.map(hoursToResolve)),
      slaBreaches: opened.filter((t) => breachedFirstResponse(t)).length,
      byCategory,
      remoteSessions: sessions.length,
      remoteMinutes: sessions.reduce((sum, s) => sum + sessionMinutes(s), 0),
      revenue: formatMoney(revenue),
      busiestTechnicians: busiest(resolved),
    };
  }

  /** Emails the weekly report to the managers' list and counts it in product analytics. */
  async sendWeekly(managers: readonly string[]): Promise<WeeklyReport> {
    const report = this.weekly();
    const body = [
      `Week of ${report.week}`,
      `Opened ${report.opened}, resolved ${report.resolved}, backlog ${report.backlog}.`,
      `Median time to resolve: ${report.medianHoursToResolve.toFixed(1)} hours; first-response targets missed: ${report.slaBreaches}.`,
      `Remote sessions: ${report.remoteSessions} (${report.remoteMinutes} minutes). Revenue: ${report.revenue}.`,
      ...CATEGORIES.map((c) => `  ${c.replace(/_/g, ' ')}: ${report.byCategory[c]}`),
    ].join('\n');
    for (const to of managers) {
      // @pledge-purpose essential.service.support
      await this.mailer.send({ to, subject: `Support report, week of ${report.week}`, text: body, tags: ['internal'] });
    }
    analytics.track('weekly_report_sent', { week: report.week, opened: report.opened, resolved: report.resolved });
    return report;
  }

  /** Tickets that have waited longest for a first answer, for the morning stand-up. */
  oldestUnanswered(limit = 10): { id: Ticket['id']; subject: string; waitingDays: number }[] {
    const now = this.clock.now();
    return this.db.tickets
      .find((t) => t.status === 'open' && t.messages.every((m) => m.author === 'customer'))
      .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime())
      .slice(0, limit)
      .map((t) => ({ id: t.id, subject: t.subject, waitingDays: daysBetween(t.openedAt, now) }));
  }
}

function hoursToResolve(ticket: Ticket): number {
  return ticket.resolvedAt ? (ticket.resolvedAt.getTime() - ticket.openedAt.getTime()) / 3_600_000 : 0;
}

/** Whether the first technician answer came later than the ticket's priority allows. */
function breachedFirstResponse(ticket: Ticket): boolean {
  const first = ticket.messages.find((m) => m.author === 'technician');
  const target = responseTarget(ticket.priority) * 60_000;
  const answeredAt = first ? first.sentAt.getTime() : Number.POSITIVE_INFINITY;
  return answeredAt - ticket.openedAt.getTime() > target;
}

function busiest(resolved: readonly Ticket[]): { technician: TechnicianId; resolved: number }[] {
  const counts = new Map<TechnicianId, number>();
  for (const ticket of resolved) if (ticket.assignee) counts.set(ticket.assignee, (counts.get(ticket.assignee) ?? 0) + 1);
  return [...counts]
    .map(([technician, n]) => ({ technician, resolved: n }))
    .sort((a, b) => b.resolved - a.resolved)
    .slice(0, 3);
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
