/**
 * A request to our website, as the web server logs it.
 * @pledge-source automatic
 */
export interface WebVisit {
  /** @pledge user.device.ip_address */
  ip: string;
  /** @pledge user.device.cookie_id */
  visitorCookie?: string;
  path: string;
  referrer?: string;
  userAgent: string;
  at: Date;
}

/** Counts of visitors by demographic band, derived from visit logs; never a single person. */
export interface DemographicSummary {
  week: string;
  /** @pledge user.demographic */
  bands: Record<string, number>;
  total: number;
}

/** Website sections, for analytics that need no personal data. */
export function sectionOf(path: string): string {
  const first = path.split('/').filter(Boolean)[0];
  return first ?? 'home';
}
