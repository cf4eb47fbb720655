import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../api';
import {
  BILLING_TYPES,
  CHANNELS,
  FINDING_FIELDS,
  FINDING_KINDS,
  LINK_KINDS,
  RELATIONSHIPS,
  SEVERITIES,
  SUBSCRIPTION_STATUSES,
  VERDICT_KINDS,
} from '../domain';
import { CLOUDS, PARTNER_ROLES } from '../validation';
import en from './locales/en.json';
import ja from './locales/ja.json';
import ru from './locales/ru.json';
import zhTW from './locales/zh-TW.json';

const LOCALES: Record<string, unknown> = { en, ja, 'zh-TW': zhTW, ru };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(value: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) {
      for (const [k, v] of flatten(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
    }
  } else {
    out.set(prefix, value);
  }
  return out;
}

/** Base key -> plural categories present (empty set for a plain key). */
function families(flat: Map<string, unknown>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of flat.keys()) {
    const match = PLURAL_SUFFIX.exec(key);
    const base = match ? key.slice(0, match.index) : key;
    const set = out.get(base) ?? new Set<string>();
    if (match?.[1]) set.add(match[1]);
    out.set(base, set);
  }
  return out;
}

function variables(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1] ?? '').sort();
}

const flat = Object.fromEntries(Object.entries(LOCALES).map(([lng, data]) => [lng, flatten(data)]));
const fams = Object.fromEntries(Object.entries(flat).map(([lng, f]) => [lng, families(f)]));
const enFamilies = fams.en!;
const pluralBases = [...enFamilies].filter(([, cats]) => cats.size > 0).map(([base]) => base);

describe('locale files', () => {
  it('have at least a few plural families to check', () => {
    expect(pluralBases.length).toBeGreaterThan(3);
  });

  for (const lng of Object.keys(LOCALES)) {
    describe(lng, () => {
      const strings = flat[lng]!;
      const own = fams[lng]!;

      it('has every (base) key that en has, and no other', () => {
        const missing = [...enFamilies.keys()].filter((k) => !own.has(k));
        const extra = [...own.keys()].filter((k) => !enFamilies.has(k));
        expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      });

      it('has only non-empty strings that are not their key', () => {
        const bad: string[] = [];
        for (const [key, value] of strings) {
          const base = key.replace(PLURAL_SUFFIX, '');
          if (typeof value !== 'string' || value.trim() === '' || value === key || value === base) bad.push(key);
        }
        expect(bad).toEqual([]);
      });

      it('has complete plural families for its language, and plural keys only where en has them', () => {
        const required = new Set<string>(new Intl.PluralRules(lng).resolvedOptions().pluralCategories);
        const problems: string[] = [];
        for (const [base, cats] of own) {
          const enIsPlural = (enFamilies.get(base)?.size ?? 0) > 0;
          if (!enIsPlural) {
            if (cats.size > 0) problems.push(`${base}: plural here but not in en`);
            continue;
          }
          if (strings.has(base)) problems.push(`${base}: both plain and plural`);
          const missing = [...required].filter((c) => !cats.has(c));
          const unused = [...cats].filter((c) => !required.has(c));
          if (missing.length) problems.push(`${base}: missing ${missing.join(',')}`);
          if (unused.length) problems.push(`${base}: not a ${lng} category ${unused.join(',')}`);
        }
        expect(problems).toEqual([]);
      });

      it('uses the same interpolation variables as en', () => {
        const problems: string[] = [];
        for (const [base] of enFamilies) {
          const enVars = new Set([...flat.en!].filter(([k]) => k.replace(PLURAL_SUFFIX, '') === base).flatMap(([, v]) => variables(String(v))));
          const ownVars = new Set([...strings].filter(([k]) => k.replace(PLURAL_SUFFIX, '') === base).flatMap(([, v]) => variables(String(v))));
          if ([...enVars].sort().join() !== [...ownVars].sort().join()) {
            problems.push(`${base}: en {${[...enVars].join(',')}} vs {${[...ownVars].join(',')}}`);
          }
        }
        expect(problems).toEqual([]);
      });
    });
  }
});

describe('keys used in the code', () => {
  // Every non-test source file, as text (Vite inlines them at build time of the test).
  const sources = import.meta.glob<string>(['../**/*.{ts,tsx}', '!../**/*.test.{ts,tsx}', '!../generated/**', '!../test/**'], {
    query: '?raw',
    import: 'default',
    eager: true,
  });
  const literalKeys = new Set<string>();
  for (const text of Object.values(sources)) {
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) literalKeys.add(m[1]!);
    for (const m of text.matchAll(/\bkey: '([a-zA-Z][\w.-]*)'/g)) literalKeys.add(m[1]!);
  }
  const dynamicKeys = [
    ...CLOUDS.map((c) => `cloud.${c}`),
    ...PARTNER_ROLES.map((r) => `role.${r}`),
    ...ERROR_CODES.map((c) => `errors.codes.${c}`),
    ...LINK_KINDS.map((k) => `linkKinds.${k}`),
    ...CHANNELS.map((c) => `channels.${c}`),
    ...BILLING_TYPES.map((b) => `billing.${b}`),
    ...SUBSCRIPTION_STATUSES.map((s) => `subscriptionStatus.${s}`),
    ...RELATIONSHIPS.map((r) => `relationships.${r}`),
    ...FINDING_KINDS.flatMap((k) => [`findingKinds.${k}`, `findings.${k}`]),
    ...FINDING_FIELDS.map((f) => `findingFields.${f}`),
    ...SEVERITIES.map((s) => `severity.${s}`),
    ...VERDICT_KINDS.map((v) => `verdicts.${v}`),
  ];

  it('finds the source files and the literal keys', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(10);
    expect(literalKeys.size).toBeGreaterThan(50);
  });

  it('exist in en (as a plain key or a plural family)', () => {
    const missing = [...literalKeys, ...dynamicKeys].filter((key) => !enFamilies.has(key));
    expect(missing).toEqual([]);
  });
});
