import { Injectable, Logger } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AssessmentScale } from '../reports/report/assessment-choices';
import { AssessmentOptions } from '../reports/report/assessment-options';
import { type FormBody } from './forms';
import { type KeptChoices } from './kept-text';

const ORGANIZATION_PAGE = /^\/o\/([^/?#]+)\//;

/**
 * The options of the radios a form sent after its sign-in ended is kept with (keptText): ⑥'s, in the wording of the
 * organization of the form's page. Read without a session: that wording is no secret (published reports show it).
 */
@Injectable()
export class KeptChoicesReader {
  private readonly logger = new Logger(KeptChoicesReader.name);

  constructor(private readonly options: AssessmentOptions) {}

  async of(body: FormBody | undefined, formPage: string | null): Promise<KeptChoices> {
    const organizationId = ORGANIZATION_PAGE.exec(formPage ?? '')?.[1];
    if (body?.['/effectLevel'] === undefined || !organizationId || !isUUID(organizationId)) return {};
    try {
      const levels = await this.options.list(organizationId, AssessmentScale.EffectLevel);
      return { '/effectLevel': Object.fromEntries(levels.map((level) => [level.key, level.label])) };
    } catch (error) {
      // The sign-in page shows the prose anyway: an outage must not cost the person what they wrote.
      this.logger.warn(`Could not read the wording of a kept choice: ${(error as Error).message}`);
      return {};
    }
  }
}
