/** One row of our own website statistics, kept in our database. */
export interface MetricRow {
  name: string;
  dimensions: Record<string, string>;
  value: number;
}

/** First-party website statistics: counts kept on our own servers, used to run and study the website. */
export class SiteMetrics {
  readonly rows: MetricRow[] = [];

  record(name: string, dimensions: Record<string, string>, value = 1): void {
    this.rows.push({ name, dimensions, value });
  }

  total(name: string): number {
    return this.rows.filter((r) => r.name === name).reduce((sum, r) => sum + r.value, 0);
  }
}
