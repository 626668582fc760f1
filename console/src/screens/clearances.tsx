import { useState } from 'preact/hooks';
import type { ClearanceView } from '../api.ts';
import { ErrorNote, errorText, Loading, ZoneNote } from '../common.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { useApp, useLoad } from '../state.ts';

/** The port's clearances ("not this entry") with revoke; the API decides who may revoke. */
export function Clearances() {
  const { api, port } = useApp();
  const { t } = useI18n();
  const list = useLoad(() => api.clearances({ port }), [port]);
  return (
    <>
      <h1>{t('clearances.title')}</h1>
      <p>{t('clearances.intro')}</p>
      <ZoneNote port={port} />
      {list.error ? <ErrorNote error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.clearances.length === 0 ? <p>{t('clearances.empty')}</p> : null}
      {list.data && list.data.clearances.length > 0 ? (
        <table>
          <caption class="visually-hidden">{t('clearances.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('clearances.party')}</th>
              <th scope="col">{t('clearances.entry')}</th>
              <th scope="col">{t('clearances.by')}</th>
              <th scope="col">{t('clearances.expires')}</th>
              <th scope="col">{t('clearances.status')}</th>
              <th scope="col">{t('clearances.reason')}</th>
              <th scope="col">{t('clearances.action')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.clearances.map((c) => (
              <ClearanceRow key={c.id} clearance={c} onRevoked={list.reload} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function ClearanceRow(props: { clearance: ClearanceView; onRevoked(): void }) {
  const { api } = useApp();
  const { t } = useI18n();
  const c = props.clearance;
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const party = [c.party.name, c.party.country, c.party.identifier].filter(Boolean).join(', ');
  async function revoke(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      await api.revokeClearance(c.id, reason);
      props.onRevoked();
    } catch (err) {
      setError(errorText(err, t));
    }
  }
  return (
    <tr data-testid="clearance">
      <td>{party}</td>
      <td>
        {c.list} {c.entityId} ({c.entryName})
      </td>
      <td>{t('clearances.clearedBy', { user: c.clearedBy.username, date: c.clearedAt.slice(0, 10) })}</td>
      <td>{c.expiresAt.slice(0, 10)}</td>
      <td>{t(`clearances.status.${c.status}` as MessageKey)}</td>
      <td>{c.reason}</td>
      <td>
        {c.status === 'in-force' ? (
          <form onSubmit={revoke}>
            <label>
              {t('clearances.revokeReason')}
              <input
                required
                value={reason}
                onInput={(e) => setReason((e.target as HTMLInputElement).value)}
              />
            </label>
            <button type="submit">{t('clearances.revoke')}</button>
            {error && <p role="alert">{error}</p>}
          </form>
        ) : null}
      </td>
    </tr>
  );
}
