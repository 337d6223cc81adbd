import { netPromoterScore, type SurveyResponse } from '../domain/survey.js';
import type { Clock } from '../lib/clock.js';
import type { SurveyId } from '../lib/ids.js';
import type { Logger } from '../lib/logger.js';
import { fail, ok, type Result } from '../lib/result.js';
import type { PolicyGate } from '../privacy/policy-gate.js';
import type { Database } from '../storage/repository.js';
import type { SurveyWarehouse } from '../vendors/survey-warehouse.js';

/** Satisfaction surveys. Answering is optional, and answers are used only for what the respondent agreed to. */
export class SurveyService {
  constructor(
    private readonly db: Database,
    private readonly warehouse: SurveyWarehouse,
    private readonly gate: PolicyGate,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  submit(surveyId: SurveyId, form: Record<string, unknown>, consents: readonly string[]): Result<SurveyResponse> {
    const answers: Record<string, string | number> = {};
    for (const [key, value] of Object.entries(form)) {
      if (key.startsWith('q_') && (typeof value === 'string' || typeof value === 'number')) answers[key] = value;
    }
    if (Object.keys(answers).length === 0) return fail('invalid', 'the survey has no answers');
    const response: SurveyResponse = { surveyId, answers, consents, submittedAt: this.clock.now() };
    if (typeof form['replyTo'] === 'string' && form['replyTo'].includes('@')) response.replyTo = form['replyTo'];
    this.db.surveys.append(response);

    const research = this.gate.allows({
      action: 'use',
      category: ['user.survey_response', 'user.contact.email', 'user.demographic'],
      purpose: 'research',
      consent: response.consents,
      source: 'user_provided',
    });
    if (research) {
      this.warehouse.insert('responses', { survey: response.surveyId, answers: response.answers, replyTo: response.replyTo, ageBand: response.ageBand });
    } else {
      this.logger.info('survey answer kept out of research', { survey: surveyId });
    }
    return ok(response);
  }

  score(surveyId: SurveyId): number {
    const scores = this.db.surveys
      .since((r) => r.surveyId === surveyId)
      .map((r) => r.answers['q_recommend'])
      .filter((v): v is number => typeof v === 'number');
    return netPromoterScore(scores);
  }
}
