/**
 * The follow-up over HTTP. Patients (under /api/my, scoped to their own episodes: anyone else's is
 * a 404) keep their diary and report worrying symptoms; staff read the diary with its missed
 * prompts, enter an entry for a patient on the phone, read symptom reports, acknowledge alerts,
 * print the outcome letter and open the repeat episode.
 */
import { careTeam, clinicianOnly, patientOnly, staffRoles } from '../../domain/actor.ts';
import { Episode, IdParams } from '../../shared/api/core.ts';
import {
  AcknowledgeInput,
  AlertRecord,
  AlertSummary,
  Alerts,
  Diary,
  DiaryEntryInput,
  DiaryEntryRecord,
  MyFollowUp,
  RepeatInput,
  SymptomReportInput,
  SymptomReportResult,
  SymptomReports,
} from '../../shared/api/follow-up.ts';
import { DomainError } from '../errors.ts';
import { actor } from '../plugins/access.ts';
import type { RoutePlugin } from '../plugins/route-types.ts';
import { acknowledgeAlert, alertSummary, openAlerts } from './alerts.ts';
import { diaryOf, recordDiaryEntry } from './diary.ts';
import { outcomeLetterPdf } from './outcome-letter.ts';
import { myFollowUp } from './read.ts';
import { openRepeatEpisode } from './repeat.ts';
import { adviseOnReport, storeSymptomReport, symptomReportsOf } from './symptom-reports.ts';

const tags = ['follow-up'];

export const followUpRoutes: RoutePlugin = async (app, { db }) => {
  // ── The patient's pages ──────────────────────────────────────────────────────────────
  app.get(
    '/api/my/follow-up',
    { config: { access: patientOnly }, schema: { tags, response: { 200: MyFollowUp } } },
    async (request) => {
      const result = await myFollowUp(db, actor(request));
      await request.audit({
        action: 'follow-up.read',
        recordType: 'patient',
        recordId: actor(request).patientId,
      });
      return result;
    },
  );

  for (const [prefix, readers, writers] of [
    ['/api/my/episodes', patientOnly, patientOnly],
    ['/api/episodes', staffRoles, careTeam],
  ] as const) {
    app.get(
      `${prefix}/:id/diary`,
      { config: { access: readers }, schema: { tags, params: IdParams, response: { 200: Diary } } },
      async (request) => {
        const diary = await diaryOf(db, actor(request), request.params.id, new Date());
        await request.audit({ action: 'diary.read', recordType: 'episode', recordId: request.params.id });
        return diary;
      },
    );

    /** A diary entry: the patient's own, or staff's for the patient on the phone (their role is kept). */
    app.post(
      `${prefix}/:id/diary`,
      {
        config: { access: writers },
        schema: { tags, params: IdParams, body: DiaryEntryInput, response: { 201: DiaryEntryRecord } },
      },
      async (request, reply) => {
        const me = actor(request);
        const entry = await request.auditedChange(
          (tx) => recordDiaryEntry(tx, me, request.params.id, request.body, new Date()),
          (created) => ({ action: 'diary.entry.create', recordType: 'diary_entry', recordId: created.id }),
        );
        return reply.status(201).send(entry);
      },
    );
  }

  /**
   * A worrying symptom. The report is committed before anything else runs; the advice follows, and
   * when it cannot be worked out the answer says so (the page then tells the patient to call).
   */
  app.post(
    '/api/my/episodes/:id/symptom-reports',
    {
      config: { access: patientOnly },
      schema: { tags, params: IdParams, body: SymptomReportInput, response: { 201: SymptomReportResult } },
    },
    async (request, reply) => {
      const me = actor(request);
      const now = new Date();
      const stored = await request.auditedChange(
        (tx) => storeSymptomReport(tx, me, request.params.id, request.body, now),
        (report) => ({ action: 'symptom-report.create', recordType: 'symptom_report', recordId: report.id }),
      );
      const result = await adviseOnReport(db, stored, (error) =>
        // The error's class only: a message may carry patient data, and logs never do.
        request.log.error(
          { errorClass: (error as Error)?.constructor?.name },
          'symptom report advice failed',
        ),
      );
      await request.audit({
        action: 'symptom-report.advice',
        recordType: 'symptom_report',
        recordId: stored.id,
      });
      return reply.status(201).send(result);
    },
  );

  // ── Staff ────────────────────────────────────────────────────────────────────────────
  app.get(
    '/api/episodes/:id/symptom-reports',
    { config: { access: staffRoles }, schema: { tags, params: IdParams, response: { 200: SymptomReports } } },
    async (request) => {
      const items = await symptomReportsOf(db, actor(request), request.params.id);
      await request.audit({
        action: 'symptom-report.list',
        recordType: 'episode',
        recordId: request.params.id,
      });
      return { items };
    },
  );

  app.get(
    '/api/alerts',
    { config: { access: staffRoles }, schema: { tags, response: { 200: Alerts } } },
    async (request) => {
      const clinicId = actor(request).clinicId;
      // Before the alerts: one that comes in between is then newer than the stamp, and the page
      // asks again (after, it would be in the stamp and not on the page).
      const { stamp } = await alertSummary(db, clinicId);
      const items = await openAlerts(db, clinicId);
      await request.audit({ action: 'alert.list', recordType: 'alert', recordId: null });
      return { items, stamp };
    },
  );

  // The count on every staff page: numbers, no patient's data, so no audit event (an open page
  // asks every 30 s; auditing that would bury the reads that matter under "listed the alerts").
  app.get(
    '/api/alerts/summary',
    { config: { access: staffRoles }, schema: { tags, response: { 200: AlertSummary } } },
    async (request) => alertSummary(db, actor(request).clinicId),
  );

  app.post(
    '/api/alerts/:id/acknowledge',
    {
      config: { access: clinicianOnly },
      schema: { tags, params: IdParams, body: AcknowledgeInput, response: { 200: AlertRecord } },
    },
    async (request) => {
      const me = actor(request);
      try {
        return await request.auditedChange(
          (tx) => acknowledgeAlert(tx, me, request.params.id, request.body, new Date()),
          (acknowledged) => ({ action: 'alert.acknowledge', recordType: 'alert', recordId: acknowledged.id }),
        );
      } catch (error) {
        // A 409 answers with the alert as it is now (patient data): that read is audited too.
        if (error instanceof DomainError && error.code === 'version_conflict')
          await request.audit({
            action: 'alert.read',
            recordType: 'alert',
            recordId: request.params.id,
            status: 409,
          });
        throw error;
      }
    },
  );

  app.get(
    '/api/episodes/:id/outcome-letter.pdf',
    { config: { access: staffRoles }, schema: { tags, params: IdParams, produces: ['application/pdf'] } },
    async (request, reply) => {
      const { id } = request.params;
      const pdf = await outcomeLetterPdf(db, actor(request), id, new Date());
      await request.audit({ action: 'episode.outcome-letter', recordType: 'episode', recordId: id });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="outcome-letter-${id.slice(0, 8)}.pdf"`)
        .header('cache-control', 'no-store')
        .send(pdf);
    },
  );

  /** After an outcome review that decided to repeat: close this episode, open the linked repeat. */
  app.post(
    '/api/episodes/:id/repeat',
    {
      config: { access: clinicianOnly },
      schema: { tags, params: IdParams, body: RepeatInput, response: { 201: Episode } },
    },
    async (request, reply) => {
      const me = actor(request);
      const repeat = await request.auditedChange(
        (tx) => openRepeatEpisode(tx, me, request.params.id, request.body, new Date()),
        (opened) => [
          { action: 'episode.repeat', recordType: 'episode', recordId: request.params.id },
          { action: 'episode.create', recordType: 'episode', recordId: opened.id },
        ],
      );
      return reply.status(201).send(repeat);
    },
  );
};
