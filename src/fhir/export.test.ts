import { describe, expect, test } from 'vitest';
import { fhirErrors } from '../../test/support/fhir.ts';
import { procedureListSchedule } from './export.ts';
import { listOf } from './read-record.ts';

describe('a procedure list as a Schedule', () => {
  const list = {
    id: '6f1c2b1e-8d5a-4c3b-9e2f-1a2b3c4d5e6f',
    date: '2026-12-21',
    startTime: '08:30',
    operator: 'Dr Priya Shah',
    room: 'Day unit theatre 1',
    capacity: 6,
    booked: 0,
    version: 2,
    cancelled: null,
  };

  test('a list that stands is active, and says what identifies it to a person', () => {
    const s = procedureListSchedule(list);
    expect(s.active).toBe(true);
    expect(s.comment).toBe(
      'Procedure list on 2026-12-21 from 08:30 in Day unit theatre 1 (Dr Priya Shah), 6 places',
    );
    expect(fhirErrors(s)).toEqual([]);
    expect(listOf(s)).toMatchObject({ date: '2026-12-21', cancelled: null });
  });

  test('a list called off is no longer active, and says when, by whom and why', () => {
    const s = procedureListSchedule({
      ...list,
      cancelled: {
        at: '2026-12-07T10:15:00.000Z',
        reason: 'Dr Shah is on leave that week',
        by: 'Sam Okafor',
      },
    });
    expect(s.active).toBe(false);
    expect(s.comment).toBe(
      'Procedure list on 2026-12-21 from 08:30 in Day unit theatre 1 (Dr Priya Shah), 6 places; cancelled 2026-12-07T10:15:00.000Z by Sam Okafor: Dr Shah is on leave that week',
    );
    expect(fhirErrors(s)).toEqual([]);
    // Imported, its bookings still find their list, and the list is known to be cancelled.
    expect(listOf(s)).toEqual({
      date: '2026-12-21',
      startTime: '08:30',
      room: 'Day unit theatre 1',
      operator: 'Dr Priya Shah',
      capacity: 6,
      cancelled: {
        at: '2026-12-07T10:15:00.000Z',
        by: 'Sam Okafor',
        reason: 'Dr Shah is on leave that week',
      },
    });
    // A reason is free text: a colon, a second line, are the reason's own.
    const reason = 'Theatre closed: flood.\nAll patients phoned';
    const read = listOf(
      procedureListSchedule({
        ...list,
        cancelled: { at: '2026-12-07T10:15:00.000Z', reason, by: 'Sam Okafor' },
      }),
    );
    expect(read?.cancelled).toEqual({ at: '2026-12-07T10:15:00.000Z', by: 'Sam Okafor', reason });
  });
});
