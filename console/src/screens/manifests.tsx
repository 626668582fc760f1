import type { ManifestSummary } from '../api.ts';
import { ErrorNote, formatNumber, Loading, PortTime, ZoneNote } from '../common.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { Link } from '../router.ts';
import { useApp, useLoad } from '../state.ts';

export function Manifests() {
  const { api, port } = useApp();
  const { t, locale } = useI18n();
  const list = useLoad(() => api.manifests({ port, limit: 50 }), [port]);
  return (
    <>
      <h1>{t('manifests.title')}</h1>
      <p>
        <Link href="/upload" class="button">
          {t('upload.title')}
        </Link>
      </p>
      <ZoneNote port={port} />
      {list.error ? <ErrorNote error={list.error} onRetry={list.reload} /> : null}
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <p>{t('manifests.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <table>
          <caption class="visually-hidden">{t('manifests.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('manifests.received')}</th>
              <th scope="col">{t('manifests.vessel')}</th>
              <th scope="col">{t('manifests.voyage')}</th>
              <th scope="col">{t('manifests.status')}</th>
              <th scope="col" class="num">
                {t('manifests.containers')}
              </th>
              <th scope="col" class="num">
                {t('manifests.rejected')}
              </th>
              <th scope="col" class="num">
                {t('manifests.flagged')}
              </th>
              <th scope="col">
                <span class="visually-hidden">{t('manifests.report')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((m: ManifestSummary) => (
              <tr key={m.id}>
                <td>
                  <PortTime iso={m.receivedAt} port={m.port} />
                </td>
                <td>{m.vesselName ?? '—'}</td>
                <td>{m.voyageNumber ?? '—'}</td>
                <td>{t(`manifestStatus.${m.status}` as MessageKey)}</td>
                <td class="num">{formatNumber(m.counts.containers, locale)}</td>
                <td class="num">{formatNumber(m.counts.rejectedRecords, locale)}</td>
                <td class="num">{formatNumber(m.containersFlagged, locale)}</td>
                <td class="actions">
                  <Link href={`/manifest/${m.id}`}>{t('manifests.report')}</Link>
                  {m.status === 'complete' && (
                    <Link href={`/inspection/${m.id}`}>{t('manifests.inspection')}</Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}
