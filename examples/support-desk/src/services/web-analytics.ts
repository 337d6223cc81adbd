import { startOfWeek, isoDate, type Clock } from '../lib/clock.js';
import { sectionOf, type DemographicSummary, type WebVisit } from '../domain/visit.js';
import type { Database } from '../storage/repository.js';
import { analytics } from '../vendors/analytics.js';
import type { SiteMetrics } from '../vendors/site-metrics.js';

/** What we learn from our website logs: counts for us, nothing that names a visitor for anyone else. */
export class WebAnalytics {
  constructor(
    private readonly db: Database,
    private readonly metrics: SiteMetrics,
    private readonly clock: Clock,
  ) {}

  /** Every page view: our own statistics keep the IP address to count unique visitors and spot abuse. */
  recordVisit(visit: WebVisit): void {
    this.db.visits.append(visit);
    this.metrics.record('page_view', { section: sectionOf(visit.path), ip: visit.ip });
    analytics.track('page_view', { section: sectionOf(visit.path), referrer: visit.referrer ?? 'direct' });
  }

  /** Searches on the help centre, to learn which articles are missing. */
  recordSearch(visit: WebVisit, query: string): void {
    // expect-pledge: PLL005
    // @pledge-purpose analytic
    this.metrics.record('help_search', { query: query.slice(0, 80), ip: visit.ip });
  }

  /** Unique visitors this week, by section. */
  weeklyUniques(): Record<string, number> {
    const since = startOfWeek(this.clock.now());
    const seen = new Map<string, Set<string>>();
    for (const visit of this.db.visits.since((v) => v.at >= since)) {
      const section = sectionOf(visit.path);
      const set = seen.get(section) ?? new Set<string>();
      set.add(visit.ip);
      seen.set(section, set);
    }
    return Object.fromEntries([...seen].map(([section, ips]) => [section, ips.size]));
  }

  /** Visitors by age band, for the weekly report; bands below five visitors are folded into "other". */
  demographics(bandOf: (visit: WebVisit) => string | undefined): DemographicSummary {
    const since = startOfWeek(this.clock.now());
    const counts: Record<string, number> = {};
    let total = 0;
    for (const visit of this.db.visits.since((v) => v.at >= since)) {
      const band = bandOf(visit) ?? 'unknown';
      counts[band] = (counts[band] ?? 0) + 1;
      total++;
    }
    const bands: Record<string, number> = {};
    for (const [band, n] of Object.entries(counts)) {
      const key = n < 5 ? 'other' : band;
      bands[key] = (bands[key] ?? 0) + n;
    }
    return { week: isoDate(since), bands, total };
  }
}
