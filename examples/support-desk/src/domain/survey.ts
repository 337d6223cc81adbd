import type { CustomerId, SurveyId } from '../lib/ids.js';

/**
 * An answer to one of our satisfaction surveys, which customers are free to skip.
 * @pledge-source user_provided
 */
export interface SurveyResponse {
  surveyId: SurveyId;
  customerId?: CustomerId;
  /** @pledge user.survey_response */
  answers: Record<string, string | number>;
  /** @pledge user.contact.email */
  replyTo?: string;
  /** @pledge user.demographic */
  ageBand?: '18-29' | '30-44' | '45-64' | '65+';
  /** What the respondent agreed to when answering, as taxonomy ids. */
  consents: readonly string[];
  submittedAt: Date;
}

/** Net promoter score from 0–10 answers: promoters minus detractors, in percent. */
export function netPromoterScore(scores: readonly number[]): number {
  if (scores.length === 0) return 0;
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  return Math.round(((promoters - detractors) / scores.length) * 100);
}
