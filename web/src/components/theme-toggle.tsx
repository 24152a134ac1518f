import { useState } from 'react';

type Theme = 'system' | 'light' | 'dark';
const KEY = 'vigil.theme';
const NEXT: Record<Theme, Theme> = { system: 'light', light: 'dark', dark: 'system' };

function current(): Theme {
  const t = document.documentElement.dataset.theme;
  return t === 'light' || t === 'dark' ? t : 'system';
}

/** Cycles system → light → dark; "system" follows prefers-color-scheme. */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme>(current);
  const change = () => {
    const next = NEXT[theme];
    if (next === 'system') {
      delete document.documentElement.dataset.theme;
      localStorage.removeItem(KEY);
    } else {
      document.documentElement.dataset.theme = next;
      localStorage.setItem(KEY, next);
    }
    setTheme(next);
  };
  return (
    <button type="button" className="btn btn-quiet" onClick={change} title="Change the colour theme">
      Theme: {theme}
    </button>
  );
}
