import { describe, expect, it } from 'vitest';
import { formattersFor } from './format';

describe('formatters', () => {
  it('are built once per language and shared by every caller', () => {
    expect(formattersFor('ja')).toBe(formattersFor('ja'));
    expect(formattersFor('ja')).not.toBe(formattersFor('ru'));
    expect(formattersFor('en').number(1234567)).toBe('1,234,567');
    expect(formattersFor('ru').number(1234567)).toBe('1\u00a0234\u00a0567');
  });
});
