import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import { ErrorNote, formatNumber, Loading, PortTime, ZoneNote } from '../common.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { Link } from '../router.ts';
import { useApp, useLoad } from '../state.ts';

const COUNTS = [
  ['billsOfLading', 'report.billsOfLading'],
  ['containers', 'report.containers'],
  ['goodsItems', 'report.goodsItems'],
  ['recordsRead', 'report.recordsRead'],
  ['rejectedRecords', 'report.rejectedRecords'],
  ['errors', 'report.errors'],
  ['warnings', 'report.warnings'],
] as const;

export function ManifestReport(props: { id: string }) {
  const { api } = useApp();
  const { t, locale } = useI18n();
  const loaded = useLoad(() => api.manifest(props.id), [props.id]);
  const m = loaded.data;
  // Still being processed: refresh until it is done.
  useEffect(() => {
    if (!m || m.status === 'complete' || m.status === 'rejected') return;
    const timer = setTimeout(loaded.reload, 1500);
    return () => clearTimeout(timer);
  }, [m, loaded.reload]);

  if (loaded.error) return <ErrorNote error={loaded.error} onRetry={loaded.reload} />;
  if (!m) return <Loading />;
  const issue = (code: string) => {
    const key = `issue.${code}` as MessageKey;
    const text = t(key);
    return text === key ? code : text;
  };
  return (
    <>
      <h1>{t('report.title')}</h1>
      <p>
        {t('report.manifest', { id: m.id })}
        {m.vesselName && ` · ${m.vesselName} ${m.voyageNumber ?? ''}`}
      </p>
      <ZoneNote port={m.port} />
      <dl class="facts">
        <dt>{t('manifests.received')}</dt>
        <dd>
          <PortTime iso={m.receivedAt} port={m.port} />
        </dd>
        <dt>{t('manifests.status')}</dt>
        <dd data-testid="manifest-status">{t(`manifestStatus.${m.status}` as MessageKey)}</dd>
        {m.validationStatus && (
          <>
            <dt>{t('report.validation')}</dt>
            <dd>{t(`validation.${m.validationStatus}` as MessageKey)}</dd>
          </>
        )}
        {m.format && (
          <>
            <dt>{t('report.format')}</dt>
            <dd>{m.format.toUpperCase()}</dd>
          </>
        )}
        {COUNTS.map(([field, label]) => (
          <Fragment key={field}>
            <dt>{t(label)}</dt>
            <dd>{formatNumber(m.counts[field], locale)}</dd>
          </Fragment>
        ))}
        <dt>{t('manifests.flagged')}</dt>
        <dd>{formatNumber(m.containersFlagged, locale)}</dd>
        {m.status === 'queued' && (
          <>
            <dt>{t('report.progress')}</dt>
            <dd>{t('report.progressValue', { done: m.chunksDone, total: m.chunkCount })}</dd>
          </>
        )}
      </dl>
      {m.status === 'complete' && (
        <p>
          <Link href={`/inspection/${m.id}`} class="button">
            {t('manifests.inspection')}
          </Link>
        </p>
      )}
      <h2>{t('report.rejectedTitle')}</h2>
      {m.rejectedRecords.length === 0 ? (
        <p>{t('report.noRejected')}</p>
      ) : (
        <table data-testid="rejected-records">
          <thead>
            <tr>
              <th scope="col">{t('report.position')}</th>
              <th scope="col">{t('report.record')}</th>
              <th scope="col">{t('report.field')}</th>
              <th scope="col">{t('report.code')}</th>
              <th scope="col">{t('report.message')}</th>
              <th scope="col">{t('report.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {m.rejectedRecords.map((r, i) => (
              <tr key={i}>
                <td class="num">{r.line ?? '—'}</td>
                <td>
                  <code>{r.record ?? '—'}</code>
                </td>
                <td>
                  <code>{r.field ?? '—'}</code>
                </td>
                <td>
                  <code>{r.code}</code>
                </td>
                <td>
                  {issue(r.code)}
                  {r.message && (
                    <span class="detail" lang="en">
                      {' '}
                      ({r.message})
                    </span>
                  )}
                </td>
                <td>{r.setAside ? t('report.setAside') : t('report.keptWithError')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {m.rejectedRecordsTruncated && <p>{t('report.truncated')}</p>}
      {m.reportUrl && (
        <p>
          <a href={m.reportUrl} rel="noreferrer" target="_blank">
            {t('report.full')}
          </a>
        </p>
      )}
    </>
  );
}
