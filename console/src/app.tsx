import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { createApi, type Session, sessionFromToken } from './api.ts';
import {
  beginCognitoSignIn,
  type ConsoleConfig,
  completeCognitoSignIn,
  loadConfig,
  refreshCognitoTokens,
} from './auth.ts';
import {
  I18nContext,
  LANGUAGE_NAMES,
  LANGUAGES,
  type Language,
  localeFor,
  pickLanguage,
  translator,
} from './i18n.ts';
import { Link, navigate, parseRoute, useLocation } from './router.ts';
import { Clearances } from './screens/clearances.tsx';
import { FlagDetail } from './screens/flag.tsx';
import { Inspection } from './screens/inspection.tsx';
import { ManifestReport } from './screens/manifest-report.tsx';
import { Manifests } from './screens/manifests.tsx';
import { Queue } from './screens/queue.tsx';
import { Search } from './screens/search.tsx';
import { SignIn } from './screens/sign-in.tsx';
import { Statistics } from './screens/statistics.tsx';
import { Upload } from './screens/upload.tsx';
import { App as AppState, can } from './state.ts';

const LANGUAGE_KEY = 'pcu.language';

function initialLanguage(): Language {
  const saved = localStorage.getItem(LANGUAGE_KEY);
  if (saved && (LANGUAGES as readonly string[]).includes(saved)) return saved as Language;
  return pickLanguage(browserLanguages());
}

const browserLanguages = (): readonly string[] =>
  navigator.languages?.length ? navigator.languages : [navigator.language];

export function App() {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const [session, setSession] = useState<Session | undefined>();
  const [expired, setExpired] = useState(false);
  const [port, setPort] = useState('');
  const location = useLocation();
  // The page asked for before signing in (a typed or bookmarked URL): shown after sign-in.
  const wanted = useRef(`${location.pathname}${location.search}`);
  const tokenRef = useRef<string | undefined>(undefined);
  tokenRef.current = session?.token;
  const [config, setConfig] = useState<ConsoleConfig | undefined>();
  const refreshToken = useRef<string | undefined>(undefined);
  const [signInError, setSignInError] = useState<unknown>();

  // Which sign-in (local form or Cognito managed login); back from the login page, the code.
  useEffect(() => {
    loadConfig().then(async (loaded) => {
      setConfig(loaded);
      if (loaded.auth !== 'cognito') return;
      try {
        const done = await completeCognitoSignIn(loaded);
        if (!done) return;
        refreshToken.current = done.tokens.refreshToken;
        signedIn(sessionFromToken(done.tokens.idToken), done.returnTo);
      } catch (err) {
        setSignInError(err);
      }
    });
  }, []);

  // Renew the ID token two minutes before it expires (Cognito: 1 h), without a new sign-in.
  useEffect(() => {
    if (!session || config?.auth !== 'cognito' || !refreshToken.current) return;
    const wait = Math.max(10_000, session.expiresAt - Date.now() - 120_000);
    const timer = setTimeout(() => {
      refreshCognitoTokens(config, refreshToken.current as string).then(
        (tokens) => setSession(sessionFromToken(tokens.idToken)),
        () => {
          setSession(undefined);
          setExpired(true);
        },
      );
    }, wait);
    return () => clearTimeout(timer);
  }, [session, config]);

  const i18n = useMemo(() => {
    const locale = localeFor(language, browserLanguages());
    return {
      language,
      locale,
      t: translator(language, locale),
      setLanguage: (l: Language) => {
        localStorage.setItem(LANGUAGE_KEY, l);
        setLanguageState(l);
      },
    };
  }, [language]);
  const { t } = i18n;
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const api = useMemo(
    () =>
      createApi({
        base: config?.apiUrl ?? '',
        token: () => tokenRef.current,
        onUnauthorized: () => {
          if (!tokenRef.current) return;
          wanted.current = `${window.location.pathname}${window.location.search}`;
          setSession(undefined);
          setExpired(true);
        },
      }),
    [config],
  );

  function signedIn(s: Session, returnTo?: string) {
    setExpired(false);
    setSession(s);
    setPort(s.ports === 'all' ? 'NLRTM' : (s.ports[0] ?? ''));
    const asked = returnTo ?? wanted.current;
    const target = asked === '/' || asked.startsWith('/sign-in') ? undefined : asked;
    navigate(target ?? (can.triage(s) ? '/queue' : '/'), { replace: true });
  }

  const route = parseRoute(location.pathname, location.search);
  const main = useRef<HTMLElement>(null);
  // A new screen: move the focus to it, as a page load would (screen readers announce it).
  useEffect(() => {
    main.current?.focus();
  }, [location.pathname]);

  const languageSwitch = (
    <label class="language">
      {t('nav.language')}
      <select value={language} onChange={(e) => i18n.setLanguage(e.currentTarget.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );

  if (!session) {
    return (
      <I18nContext.Provider value={i18n}>
        <header class="top">
          <span class="brand">{t('app.title')}</span>
          {languageSwitch}
        </header>
        {config && (
          <SignIn
            api={api}
            expired={expired}
            error={signInError}
            {...(config.auth === 'cognito' && {
              managedLogin: () => beginCognitoSignIn(config, wanted.current, language),
            })}
            onSignedIn={(s) => signedIn(s)}
          />
        )}
      </I18nContext.Provider>
    );
  }

  const role = session.roles.includes('admin') ? 'admin' : (session.roles[0] ?? 'officer');
  const nav = [
    { href: '/', label: t('nav.manifests'), active: ['manifests', 'manifest', 'inspection'] },
    ...(can.upload(session) ? [{ href: '/upload', label: t('nav.upload'), active: ['upload'] }] : []),
    { href: '/queue', label: t('nav.queue'), active: ['queue', 'flag'] },
    { href: '/statistics', label: t('nav.statistics'), active: ['statistics'] },
    ...(can.triage(session)
      ? [{ href: '/clearances', label: t('nav.clearances'), active: ['clearances'] }]
      : []),
    { href: '/find', label: t('nav.search'), active: ['search'] },
  ];

  let screen: preact.JSX.Element;
  switch (route.name) {
    case 'manifests':
    case 'signIn':
      screen = <Manifests />;
      break;
    case 'upload':
      screen = <Upload />;
      break;
    case 'manifest':
      screen = <ManifestReport id={route.id} />;
      break;
    case 'inspection':
      screen = <Inspection id={route.id} />;
      break;
    case 'queue':
      screen = <Queue query={route.query} />;
      break;
    case 'flag':
      screen = <FlagDetail id={route.id} />;
      break;
    case 'clearances':
      screen = <Clearances />;
      break;
    case 'statistics':
      screen = <Statistics query={route.query} />;
      break;
    case 'search':
      screen = <Search key={location.search} query={route.query} />;
      break;
    default:
      screen = <h1>{t('errors.not_found')}</h1>;
  }

  return (
    <I18nContext.Provider value={i18n}>
      <AppState.Provider value={{ api, session, port, setPort }}>
        <a class="skip" href="#main">
          {t('nav.skip')}
        </a>
        <header class="top no-print">
          <span class="brand">{t('app.title')}</span>
          <nav aria-label={t('nav.main')}>
            <ul>
              {nav.map((n) => (
                <li key={n.href}>
                  <Link
                    href={n.href}
                    {...(n.active.includes(route.name) && { 'aria-current': 'page' as const })}
                  >
                    {n.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <search class="search">
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const input = (e.currentTarget as HTMLFormElement).elements.namedItem(
                  'q',
                ) as HTMLInputElement;
                const q = input.value.trim();
                if (/^[A-Za-z]{4}\s?\d{7}$/.test(q)) {
                  navigate(`/queue?container=${encodeURIComponent(q.replace(/\s/g, '').toUpperCase())}`);
                } else if (/^[0-9a-fA-F]{32}$/.test(q)) {
                  navigate(`/manifest/${q.toLowerCase()}`);
                } else if (q.length >= 2) {
                  // Anything else (a B/L, party name, identifier, vessel) goes to the search screen.
                  navigate(`/find?${new URLSearchParams({ q })}`);
                } else {
                  input.setCustomValidity(t('searchScreen.tooShort'));
                  input.reportValidity();
                }
              }}
            >
              <label>
                <span class="visually-hidden">{t('searchScreen.headerLabel')}</span>
                <input
                  name="q"
                  type="search"
                  size={18}
                  placeholder={t('search.submit')}
                  title={t('searchScreen.headerLabel')}
                  onInput={(e) => e.currentTarget.setCustomValidity('')}
                />
              </label>
              <button type="submit">{t('search.submit')}</button>
            </form>
          </search>
          <div class="who">
            {session.ports === 'all' ? (
              <label>
                {t('nav.port')}
                <input
                  class="port"
                  value={port}
                  size={6}
                  maxLength={5}
                  pattern="[A-Z]{2}[A-Z0-9]{3}"
                  onChange={(e) => setPort(e.currentTarget.value.toUpperCase())}
                />
              </label>
            ) : session.ports.length > 1 ? (
              <label>
                {t('nav.port')}
                <select value={port} onChange={(e) => setPort(e.currentTarget.value)}>
                  {session.ports.map((p) => (
                    <option key={p}>{p}</option>
                  ))}
                </select>
              </label>
            ) : (
              <span data-testid="port">{port}</span>
            )}
            <span data-testid="user">
              {t('nav.signedInAs', { user: session.username, role: t(`role.${role}`) })}
            </span>
            {languageSwitch}
            <button
              type="button"
              onClick={() => {
                refreshToken.current = undefined;
                setSession(undefined);
                wanted.current = '/';
                navigate('/', { replace: true });
              }}
            >
              {t('nav.signOut')}
            </button>
          </div>
        </header>
        <main id="main" ref={main} tabIndex={-1} data-screen={route.name}>
          {screen}
        </main>
      </AppState.Provider>
    </I18nContext.Provider>
  );
}
