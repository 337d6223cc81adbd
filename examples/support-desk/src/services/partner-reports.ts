import type { DemographicSummary } from '../domain/visit.js';
import type { SurveyResponse } from '../domain/survey.js';
import type { Database } from '../storage/repository.js';
import type { PartnerFeed } from '../vendors/partner-feed.js';

/** A row of the partner dataset: a count, never a person. */
export interface BandCount {
  week: string;
  band: string;
  visitors: number;
}

/**
 * Turns the weekly summary into counts per band. Bands are already folded so that none stands for fewer than five
 * visitors, which is what makes the result aggregated.
 * @pledge-identifiability aggregated
 */
export function aggregateBands(summary: DemographicSummary): BandCount[] {
  return Object.entries(summary.bands).map(([band, visitors]) => ({ week: summary.week, band, visitors }));
}

/** Reports we send to business partners under the policy's rules for combined, de-identified data. */
export class PartnerReports {
  constructor(
    private readonly db: Database,
    private readonly feed: PartnerFeed,
  ) {}

  async publishWeeklyDemographics(summary: DemographicSummary): Promise<number> {
    const rows = aggregateBands(summary);
    await this.feed.publish('weekly-demographics', rows);
    return rows.length;
  }

  /** A partner asked for "the survey data"; sending the raw answers would identify the people who gave them. */
  async publishSurveyAnswers(): Promise<number> {
    const responses: SurveyResponse[] = this.db.surveys.since(() => true);
    await this.feed.publish('survey-answers', responses.map((r) => ({ answers: r.answers, replyTo: r.replyTo }))); // expect-pledge: PLL001
    return responses.length;
  }
}
