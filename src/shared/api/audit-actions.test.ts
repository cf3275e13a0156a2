import { describe, expect, test } from 'vitest';
import { AUDIT_ACTIONS, auditActionWords } from './audit-actions.ts';

describe('audit actions in words', () => {
  test('every action the server may write reads as words, not as its code', () => {
    const unread = AUDIT_ACTIONS.filter(
      (a) => auditActionWords(a) === a || /[a-z]\.[a-z]/.test(auditActionWords(a)),
    );
    expect(unread).toEqual([]);
  });

  test('two different actions never read the same', () => {
    const byWords = new Map<string, string[]>();
    for (const a of new Set(AUDIT_ACTIONS)) {
      const words = auditActionWords(a);
      byWords.set(words, [...(byWords.get(words) ?? []), a]);
    }
    const same = [...byWords.values()].filter((actions) => actions.length > 1);
    expect(same).toEqual([]);
  });

  test('steps, moves and CDS Hooks read by what they are', () => {
    expect(auditActionWords('episode.screenings')).toBe('Recorded: Screening');
    expect(auditActionWords('episode.check-in')).toBe('Recorded: Check-in');
    expect(auditActionWords('episode.withdraw')).toBe('Moved the episode: Withdraw (patient or referrer)');
    expect(auditActionWords('episode.read')).toBe('Opened an episode');
    expect(auditActionWords('cds.order-sign')).toBe('EHR asked for advice on an order being signed');
    expect(auditActionWords('cds.feedback.overridden')).toBe('EHR reported a card overridden');
  });

  test('an action this version does not know reads as its code, never as nothing', () => {
    for (const code of [
      'episode.teleport',
      'episode',
      'cds.feedback.maybe',
      'cds.unknown-hook',
      'x.y.z',
      '',
      'toString',
    ])
      expect(auditActionWords(code)).toBe(code);
  });
});
