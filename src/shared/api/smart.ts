/** The EHRs a clinician may sign in through (SMART standalone launch), as the sign-in page lists them. */
import { z } from 'zod';

export const SmartEhrLinks = z.object({
  ehrs: z.array(
    z.object({
      name: z.string(),
      /** This app's launch URL for that EHR (a standalone launch), relative. */
      launchUrl: z.string(),
    }),
  ),
});
