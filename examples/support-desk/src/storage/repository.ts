import type { Customer } from '../domain/customer.js';
import type { DeviceProfile } from '../domain/device.js';
import type { Invoice } from '../domain/payment.js';
import type { RemoteSession } from '../domain/session.js';
import type { SurveyResponse } from '../domain/survey.js';
import type { Ticket } from '../domain/ticket.js';
import type { WebVisit } from '../domain/visit.js';
import type { ConsentEvent } from '../privacy/consents.js';

/** A table keyed by id. The service runs on a database in production; this in-memory one serves the example and tests. */
export class MemoryRepository<T extends { id: string }> {
  readonly #rows = new Map<string, T>();

  get(id: string): T | undefined {
    return this.#rows.get(id);
  }

  put(row: T): T {
    this.#rows.set(row.id, row);
    return row;
  }

  delete(id: string): boolean {
    return this.#rows.delete(id);
  }

  find(predicate: (row: T) => boolean): T[] {
    return [...this.#rows.values()].filter(predicate);
  }

  all(): T[] {
    return [...this.#rows.values()];
  }

  count(): number {
    return this.#rows.size;
  }
}

/** Append-only records that have no id of their own. */
export class MemoryLog<T> {
  readonly #rows: T[] = [];

  append(row: T): void {
    this.#rows.push(row);
  }

  since(predicate: (row: T) => boolean): T[] {
    return this.#rows.filter(predicate);
  }

  size(): number {
    return this.#rows.length;
  }
}

/** Every table of the service. */
export interface Database {
  customers: MemoryRepository<Customer>;
  tickets: MemoryRepository<Ticket>;
  devices: MemoryRepository<DeviceProfile>;
  invoices: MemoryRepository<Invoice>;
  sessions: MemoryRepository<RemoteSession>;
  surveys: MemoryLog<SurveyResponse>;
  visits: MemoryLog<WebVisit>;
  consentEvents: MemoryLog<ConsentEvent>;
}

export function createDatabase(): Database {
  return {
    customers: new MemoryRepository(),
    tickets: new MemoryRepository(),
    devices: new MemoryRepository(),
    invoices: new MemoryRepository(),
    sessions: new MemoryRepository(),
    surveys: new MemoryLog(),
    visits: new MemoryLog(),
    consentEvents: new MemoryLog(),
  };
}
