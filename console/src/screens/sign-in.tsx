import { useState } from 'preact/hooks';
import { type Api, ApiFailure, type Session, sessionFromToken } from '../api.ts';
import { ErrorNote } from '../common.tsx';
import { useI18n } from '../i18n.ts';

export function SignIn(props: {
  api: Api;
  expired: boolean;
  /** On AWS: Cognito managed login (the password never reaches the console). */
  managedLogin?: () => void;
  error?: unknown;
  onSignedIn(session: Session): void;
}) {
  const { t } = useI18n();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [failed, setFailed] = useState<'wrong' | unknown>(undefined);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    performance.mark('pcu:sign-in-submit');
    setBusy(true);
    setFailed(undefined);
    try {
      const { token } = await props.api.signIn(username.trim(), password);
      props.onSignedIn(sessionFromToken(token));
    } catch (err) {
      setFailed(err instanceof ApiFailure && (err.status === 400 || err.status === 401) ? 'wrong' : err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" class="sign-in" tabIndex={-1}>
      <h1>{t('signIn.title')}</h1>
      {props.expired && (
        <p class="note" role="status">
          {t('signIn.expired')}
        </p>
      )}
      {props.error !== undefined && <ErrorNote error={props.error} />}
      {props.managedLogin ? (
        <button type="button" onClick={props.managedLogin}>
          {t('signIn.submit')}
        </button>
      ) : (
        <form onSubmit={submit}>
          <label>
            {t('signIn.username')}
            <input
              name="username"
              autoComplete="username"
              required
              value={username}
              onInput={(e) => setUsername(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('signIn.password')}
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          {failed === 'wrong' ? (
            <p class="note error" role="alert">
              {t('signIn.failed')}
            </p>
          ) : failed !== undefined ? (
            <ErrorNote error={failed} />
          ) : null}
          <button type="submit" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </form>
      )}
      {!props.managedLogin && <p class="hint">{t('signIn.hint')}</p>}
    </main>
  );
}
