import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDay, useFormatters, type Formatters } from './format';

/** What the rules engine says: a reason, a checklist step or a finding. */
export type EngineText = {
  /** Such as `rules.MC-3.restricted`; a plural family when `params.count` is set. */
  key: string;
  params: { [key in string]?: string };
  /** The English sentence, for a key this version of the UI does not know. */
  message: string;
};

/** Params the engine sends as raw ids that read better translated; unknown values stay verbatim. */
const PARAM_LABELS: Record<string, string> = {
  status: 'subscriptionStatus',
  field: 'findingFields',
};

function localiseParam(name: string, value: string, t: TFunction, format: Formatters): string {
  // Dates come as YYYY-MM-DD: show them the way the UI language writes dates.
  if (parseDay(value)) return format.date(value);
  const labels = PARAM_LABELS[name];
  if (labels) return t(`${labels}.${value}`, { defaultValue: value });
  return value;
}

/** Translates engine text in the UI language, or falls back to the English the engine wrote. */
export function translateEngineText(item: EngineText, t: TFunction, format: Formatters): string {
  const replace: Record<string, string | number> = {};
  let count: number | undefined;
  for (const [name, value] of Object.entries(item.params)) {
    if (value === undefined) continue;
    if (name === 'count' && /^-?\d+$/.test(value.trim())) {
      // The engine sends every param as a string; i18next picks a plural form only for a number.
      count = Number(value);
      replace.count = format.number(count);
      continue;
    }
    replace[name] = localiseParam(name, value, t, format);
  }
  return t(item.key, { replace, count, defaultValue: item.message });
}

/** `text(reason)` in the current UI language. */
export function useEngineText(): (item: EngineText) => string {
  const { t } = useTranslation();
  const format = useFormatters();
  return useCallback((item: EngineText) => translateEngineText(item, t, format), [t, format]);
}
