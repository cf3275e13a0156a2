import type { ClinicSettingsInForce, EpisodeDetail } from '../../api';

/** What every step's form is given by the episode page (src/web/pages/episode/steps.tsx). */
export interface StepFormProps {
  episode: EpisodeDetail;
  clinic: ClinicSettingsInForce;
  timeZone: string;
  /** Correcting the step's current record: the form starts from it and asks why. */
  amend?: boolean;
  /** Called after a successful save (e.g. to close an amendment). */
  onSaved?: () => void;
}

/** What a step's recorded section is given. */
export interface StepSummaryProps {
  episode: EpisodeDetail;
  timeZone: string;
  /** The reader may override a verdict (a clinician). */
  canOverride: boolean;
}
