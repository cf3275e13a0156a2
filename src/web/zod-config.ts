/**
 * zod compiles object schemas with `new Function` when it may, and probes whether it may by trying
 * once; under our Content-Security-Policy (no eval: src/server/plugins/web-defences.ts) the probe
 * is refused and reported as a policy violation. jitless skips the probe: the same checks, run
 * without generated code. Imported first by main.tsx, before any schema parses.
 */
import { z } from 'zod';

z.config({ jitless: true });
