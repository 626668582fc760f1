import { ApiFailure } from './api.ts';
import { type MessageKey, useI18n } from './i18n.ts';
import { formatPortTime, portTimeZone, zoneLabel } from './time.ts';

/** An API refusal in the user's language (the code is stable; the API's text is its detail). */
export function errorText(error: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (error instanceof ApiFailure) {
    const key = `errors.${error.code}` as MessageKey;
    const known = error.code !== 'unknown' && t(key) !== key;
    return known
      ? t(key, { message: error.field ? `${error.field}: ${error.message}` : error.message })
      : t('errors.unknown', { status: error.status });
  }
  return t('errors.unknown', { status: 0 });
}

export function ErrorNote(props: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <div class="note error" role="alert">
      <p>{errorText(props.error, t)}</p>
      {props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p class="loading" role="status">
      {t('common.loading')}
    </p>
  );
}

/** A time in the port's zone; the zone is in the title and in `data-zone` (and labelled per screen). */
export function PortTime(props: { iso: string | undefined; port: string | undefined }) {
  const { locale } = useI18n();
  if (!props.iso) return <span>—</span>;
  return (
    <time dateTime={props.iso} title={portTimeZone(props.port)} data-zone={portTimeZone(props.port)}>
      {formatPortTime(props.iso, props.port, locale)}
    </time>
  );
}

export function ZoneNote(props: { port: string }) {
  const { t } = useI18n();
  return (
    <p class="zone-note" data-testid="zone-note">
      {t('common.portTime', { zone: zoneLabel(props.port), port: props.port })}
    </p>
  );
}

export function Lane(props: { lane: string | undefined }) {
  const { t } = useI18n();
  if (!props.lane) return <span>—</span>;
  return <span class={`lane lane-${props.lane}`}>{t(`lane.${props.lane}` as MessageKey)}</span>;
}

export function Status(props: { status: string }) {
  const { t } = useI18n();
  return <span class={`status status-${props.status}`}>{t(`status.${props.status}` as MessageKey)}</span>;
}

export function formatNumber(n: number | undefined, locale: string): string {
  return n === undefined ? '—' : n.toLocaleString(locale);
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toLocaleString(locale, { maximumFractionDigits: unit === 0 ? 0 : 1 })} ${units[unit]}`;
}
