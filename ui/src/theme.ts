/** The theme setting: light, dark, or whatever the system uses (the default). */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];
export const THEME_STORAGE_KEY = 'partner-desk.theme';

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}

export function savedTheme(): Theme {
  try {
    const value = globalThis.localStorage?.getItem(THEME_STORAGE_KEY);
    return isTheme(value) ? value : 'system';
  } catch {
    return 'system';
  }
}

function systemPrefersDark(): boolean {
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
}

/** Sets `data-theme` on the document to the effective theme (styles.css reads it). */
export function applyTheme(theme: Theme): void {
  const effective = theme === 'system' ? (systemPrefersDark() ? 'dark' : 'light') : theme;
  document.documentElement.dataset.theme = effective;
}

export function setTheme(theme: Theme): void {
  try {
    globalThis.localStorage?.setItem(THEME_STORAGE_KEY, theme);
  } catch {
    // Not saved; it still applies until the app closes.
  }
  applyTheme(theme);
}

/** Applies the saved theme, and follows the system while the setting is `system`. */
export function initTheme(): void {
  applyTheme(savedTheme());
  globalThis.matchMedia?.('(prefers-color-scheme: dark)').addEventListener?.('change', () => {
    if (savedTheme() === 'system') applyTheme('system');
  });
}
