/** Query keys the follow-up shares between the shell (every staff page) and its pages. */
export const alertsKey = ['alerts'] as const;
/** The counts alone, under alertsKey: acknowledging an alert refreshes both. */
export const alertSummaryKey = [...alertsKey, 'summary'] as const;
export const diaryKey = (episodeId: string) => ['diary', episodeId] as const;
export const symptomReportsKey = (episodeId: string) => ['symptom-reports', episodeId] as const;
