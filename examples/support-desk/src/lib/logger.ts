/** Structured log lines. Personal data never goes into logs: callers pass ids, not customers. */
export interface Logger {
  info(message: string, fields?: Record<string, string | number | boolean>): void;
  warn(message: string, fields?: Record<string, string | number | boolean>): void;
  error(message: string, fields?: Record<string, string | number | boolean>): void;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, string | number | boolean>;
  at: string;
}

/** Keeps log lines in memory; the HTTP layer ships them to the log collector in batches. */
export class MemoryLogger implements Logger {
  readonly lines: LogLine[] = [];

  info(message: string, fields: Record<string, string | number | boolean> = {}): void {
    this.#push('info', message, fields);
  }

  warn(message: string, fields: Record<string, string | number | boolean> = {}): void {
    this.#push('warn', message, fields);
  }

  error(message: string, fields: Record<string, string | number | boolean> = {}): void {
    this.#push('error', message, fields);
  }

  drain(): LogLine[] {
    return this.lines.splice(0, this.lines.length);
  }

  #push(level: LogLine['level'], message: string, fields: Record<string, string | number | boolean>): void {
    this.lines.push({ level, message, fields, at: new Date().toISOString() });
  }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };
