import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

export interface Formatters {
  number(value: number): string;
  /** A timestamp from the back end (RFC 3339), or the raw text if it does not parse. */
  dateTime(value: string): string;
  /** The region name for an ISO 3166 code in the UI language, or the value itself. */
  country(value: string): string;
}

export function createFormatters(language: string): Formatters {
  const numberFormat = new Intl.NumberFormat(language);
  const dateTimeFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  let regionNames: Intl.DisplayNames | null = null;
  try {
    regionNames = new Intl.DisplayNames([language], { type: 'region', fallback: 'code' });
  } catch {
    regionNames = null;
  }
  return {
    number: (value) => numberFormat.format(value),
    dateTime: (value) => {
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : dateTimeFormat.format(date);
    },
    country: (value) => {
      const code = value.trim();
      if (!regionNames || !/^[A-Za-z]{2}$|^[0-9]{3}$/.test(code)) return value;
      try {
        return regionNames.of(code.toUpperCase()) ?? value;
      } catch {
        return value;
      }
    },
  };
}

/** Intl formatters for the current UI language. */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? i18n.language;
  return useMemo(() => createFormatters(language), [language]);
}
