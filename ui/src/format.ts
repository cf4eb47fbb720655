import { useTranslation } from 'react-i18next';

export interface Formatters {
  number(value: number): string;
  /** A timestamp from the back end (RFC 3339), or the raw text if it does not parse. */
  dateTime(value: string): string;
  /** A calendar date from the back end (`YYYY-MM-DD`), or the raw text if it is not one. */
  date(value: string): string;
  /** The region name for an ISO 3166 code in the UI language, or the value itself. */
  country(value: string): string;
}

export function createFormatters(language: string): Formatters {
  const numberFormat = new Intl.NumberFormat(language);
  const dateTimeFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' });
  // A calendar date has no time zone: format it as the same day everywhere.
  const dateFormat = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' });
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
    date: (value) => {
      const date = parseDay(value);
      return date ? dateFormat.format(date) : value;
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

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` as midnight UTC of that day, or null if it is not a real date. */
export function parseDay(value: string): Date | null {
  const match = DAY.exec(value.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date;
}

/**
 * One set of formatters per language for the whole window. Intl objects are
 * costly to build and hold ICU data outside the JS heap: built per component,
 * each table cell scrolled into view made four, and scrolling 200,000
 * customers grew the web process by hundreds of megabytes.
 */
const shared = new Map<string, Formatters>();

export function formattersFor(language: string): Formatters {
  let formatters = shared.get(language);
  if (!formatters) {
    formatters = createFormatters(language);
    shared.set(language, formatters);
  }
  return formatters;
}

/** Intl formatters for the current UI language. */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  return formattersFor(i18n.resolvedLanguage ?? i18n.language);
}
