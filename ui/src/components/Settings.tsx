import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { isTheme, savedTheme, setTheme, THEMES, type Theme } from '../theme';
import { LanguageSelect } from './LanguageSelect';

/**
 * The app's settings, always in the header: language (dates and numbers
 * follow it), theme, and the data folder.
 */
export function Settings() {
  const { t } = useTranslation();
  const id = useId();
  const [theme, setThemeState] = useState<Theme>(savedTheme);
  const openFolder = useMutation({ mutationFn: api.openDataFolder });
  return (
    <div className="app-settings" role="group" aria-label={t('settings.title')} data-testid="settings">
      <LanguageSelect />
      <div>
        <label htmlFor={`${id}-theme`}>{t('settings.theme')}</label>
        <select
          id={`${id}-theme`}
          data-testid="theme-select"
          value={theme}
          onChange={(e) => {
            if (!isTheme(e.target.value)) return;
            setTheme(e.target.value);
            setThemeState(e.target.value);
          }}
        >
          {THEMES.map((value) => (
            <option key={value} value={value}>
              {t(`settings.themes.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <button
        type="button"
        className="button button-small"
        data-testid="open-data-folder"
        disabled={openFolder.isPending}
        onClick={() => openFolder.mutate()}
      >
        {t('settings.openDataFolder')}
      </button>
    </div>
  );
}
