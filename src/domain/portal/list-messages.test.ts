import { describe, expect, test } from 'vitest';
import { listCancelledMessage, listRoomChangedMessage } from './list-messages.ts';

const booked = {
  patientName: 'Ana Li',
  plannedAt: new Date('2026-07-14T08:30:00Z'), // 09:30 BST
  clinic: {
    name: 'Riverside Pain Service',
    timeZone: 'Europe/London',
    contacts: { phone: '01632 960 001', urgentPhone: '01632 960 999', outOfHours: 'NHS 111' },
  },
  portalUrl: 'https://clinic.example/my',
};

describe('the message to a patient whose list is cancelled', () => {
  const m = listCancelledMessage(booked);

  test('the day and time in the clinic’s zone, not to come, and that the clinic will arrange a new date', () => {
    expect(m.subject).toBe('Your injection on Tuesday 14 July 2026 is cancelled');
    expect(m.text).toContain('Dear Ana Li,');
    expect(m.text).toContain(
      'Riverside Pain Service has had to cancel your SI joint injection on Tuesday 14 July 2026, 09:30. Please do not come in for it.',
    );
    expect(m.text).toContain('We will contact you to arrange a new date.');
    expect(m.text).toContain('https://clinic.example/my');
  });

  test('whom to call about a medicine stopped to get ready, and for urgent worries', () => {
    expect(m.text).toContain(
      'If you stopped or changed a medicine to get ready for the injection, call us on 01632 960 001 to ask when to take it again.',
    );
    expect(m.text).toContain('For urgent worries call 01632 960 999.');
    expect(m.text).toContain('NHS 111');
  });
});

describe('the message to a patient whose list moves to another room', () => {
  test('the new room and where it is; the day, the time and the preparation stand', () => {
    const m = listRoomChangedMessage({
      ...booked,
      room: 'Theatre 3',
      address: 'Day Surgery Unit\nRiver Road',
    });
    expect(m.subject).toBe('Your injection on Tuesday 14 July 2026: a new room');
    expect(m.text).toContain(
      'Your SI joint injection at Riverside Pain Service on Tuesday 14 July 2026, 09:30 is now in a different room: Theatre 3, Day Surgery Unit, River Road.',
    );
    expect(m.text).toContain('The day and time have not changed, and nor has how to get ready.');
    expect(m.text).toContain('call us on 01632 960 001');
    expect(listRoomChangedMessage({ ...booked, room: 'Theatre 3' }).text).toContain(
      'different room: Theatre 3.',
    );
  });
});
