import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Finding } from '../generated/bindings';
import { finding } from '../test/customerView';
import { renderWithProviders } from '../test/render';
import { ExpiryChart, expiryBuckets } from './ExpiryChart';

const TODAY = new Date('2026-11-21T10:00:00Z');

function due(kind: Finding['kind'], day: string): Finding {
  return finding(kind, 'warning', {}, null, day, { count: '3', name: 'x', date: day, subscription: 'x' });
}

describe('expiry chart', () => {
  it('puts GDAP ends and licence terms due in the next 90 days into weekly bars', () => {
    const findings = [
      due('gdap-expiring', '2026-11-21'),
      due('gdap-expiring', '2026-11-27'),
      due('term-ending', '2026-11-28'),
      due('term-ending', '2027-02-19'),
      due('term-ending', '2027-02-20'), // day 91: outside
      due('gdap-expired', '2026-11-22'), // already ended: not an expiry ahead
      due('term-ending', '2026-11-20'), // yesterday
    ];
    const buckets = expiryBuckets(findings, TODAY);
    expect(buckets).toHaveLength(13);
    expect([buckets[0]?.gdap, buckets[0]?.term]).toEqual([2, 0]);
    expect([buckets[1]?.gdap, buckets[1]?.term]).toEqual([0, 1]);
    expect(buckets[12]?.term).toBe(1);
    expect(buckets.reduce((n, b) => n + b.gdap + b.term, 0)).toBe(4);
  });

  it('renders one labelled bar per week', () => {
    renderWithProviders(<ExpiryChart findings={[due('term-ending', '2026-12-01')]} today={TODAY} />);
    const weeks = screen.getAllByTestId('expiry-week');
    expect(weeks).toHaveLength(13);
    expect(weeks[1]?.dataset.term).toBe('1');
    expect(weeks[1]?.textContent).toContain('Week of Nov 28, 2026: 0 GDAP, 1 licence terms');
    expect(screen.getByTestId('expiry-chart').textContent).toContain('1 GDAP relationship or licence term ends');
  });
});
