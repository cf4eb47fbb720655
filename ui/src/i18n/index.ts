import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import ja from './locales/ja.json';
import ru from './locales/ru.json';
import zhTW from './locales/zh-TW.json';

export const LANGUAGES = [
  { code: 'en', label: 'English' },
  { code: 'ja', label: '日本語' },
  { code: 'zh-TW', label: '繁體中文' },
  { code: 'ru', label: 'Русский' },
] as const;

export type Language = (typeof LANGUAGES)[number]['code'];

export const DEFAULT_LANGUAGE: Language = 'en';
export const LANGUAGE_STORAGE_KEY = 'partner-desk.language';

export const resources = {
  en: { translation: en },
  ja: { translation: ja },
  'zh-TW': { translation: zhTW },
  ru: { translation: ru },
} as const;

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && LANGUAGES.some((l) => l.code === value);
}

/** Maps a BCP 47 tag (from navigator.language) to one of the UI languages, or null. */
export function matchLanguage(tag: string): Language | null {
  const lower = tag.trim().toLowerCase().replace(/_/g, '-');
  if (lower === '') return null;
  const primary = lower.split('-')[0];
  switch (primary) {
    case 'en':
      return 'en';
    case 'ja':
      return 'ja';
    case 'ru':
      return 'ru';
    // Traditional Chinese is the only Chinese we ship, so every zh-* tag gets it.
    case 'zh':
      return 'zh-TW';
    default:
      return null;
  }
}

function readStoredLanguage(): Language | null {
  try {
    const stored = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(stored) ? stored : null;
  } catch {
    return null; // storage disabled
  }
}

/** Stored choice first, then the system languages in order, then English. */
export function detectLanguage(): Language {
  const stored = readStoredLanguage();
  if (stored) return stored;
  const nav = globalThis.navigator;
  const candidates = [...(nav?.languages ?? []), nav?.language ?? ''];
  for (const tag of candidates) {
    const match = matchLanguage(tag);
    if (match) return match;
  }
  return DEFAULT_LANGUAGE;
}

function applyDocumentLanguage(lng: string) {
  if (typeof document !== 'undefined') {
    document.documentElement.lang = lng;
  }
}

/** Switches the UI language and remembers the choice. */
export async function setLanguage(lng: Language): Promise<void> {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lng);
  } catch {
    // Storage can be unavailable; the choice then lasts for this session only.
  }
  await i18n.changeLanguage(lng);
}

/** The current UI language, as one of ours (i18next may hold a more specific tag). */
export function currentLanguage(): Language {
  const lng = i18n.resolvedLanguage ?? i18n.language;
  return isLanguage(lng) ? lng : DEFAULT_LANGUAGE;
}

i18n.on('languageChanged', applyDocumentLanguage);

void i18n.use(initReactI18next).init({
  resources,
  lng: detectLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: LANGUAGES.map((l) => l.code),
  initAsync: false,
  returnNull: false,
  interpolation: {
    // React escapes what it renders.
    escapeValue: false,
  },
  react: {
    useSuspense: false,
  },
});

applyDocumentLanguage(i18n.language);

export default i18n;
