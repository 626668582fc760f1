import { useState } from 'preact/hooks';
import { ErrorNote, formatNumber, Loading } from '../common.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { navigate } from '../router.ts';
import { useApp, useLoad } from '../state.ts';
import { portDayBound, portTimeZone } from '../time.ts';

export function Statistics(props: { query: URLSearchParams }) {
  const { api, port } = useApp();
  const { t, locale } = useI18n();
  const from = props.query.get('from') ?? '';
  const to = props.query.get('to') ?? '';
  const [draft, setDraft] = useState({ from, to });
  const stats = useLoad(
    () =>
      api.stats({
        port,
        ...(from && { from: portDayBound(from, port, false) }),
        ...(to && { to: portDayBound(to, port, true) }),
      }),
    [port, from, to],
  );
  const pct = (r: number | null) =>
    r === null ? '—' : `${(r * 100).toLocaleString(locale, { maximumFractionDigits: 1 })} %`;
  const s = stats.data;
  const maxFired = Math.max(1, ...(s?.rules.map((r) => r.fired) ?? [1]));
  const maxDay = Math.max(1, ...Object.values(s?.flaggedByDay ?? {}));

  return (
    <>
      <h1>{t('stats.title')}</h1>
      <form
        class="filters"
        aria-label={t('stats.period')}
        onSubmit={(e) => {
          e.preventDefault();
          const q = new URLSearchParams();
          if (draft.from) q.set('from', draft.from);
          if (draft.to) q.set('to', draft.to);
          navigate(`/statistics${q.size ? `?${q}` : ''}`);
        }}
      >
        <label>
          {t('queue.from')}
          <input
            type="date"
            name="from"
            value={draft.from}
            onInput={(e) => setDraft({ ...draft, from: e.currentTarget.value })}
          />
        </label>
        <label>
          {t('queue.to')}
          <input
            type="date"
            name="to"
            value={draft.to}
            onInput={(e) => setDraft({ ...draft, to: e.currentTarget.value })}
          />
        </label>
        <div class="buttons">
          <button type="submit">{t('stats.apply')}</button>
        </div>
      </form>
      {stats.error ? <ErrorNote error={stats.error} onRetry={stats.reload} /> : null}
      {!s && !stats.error ? <Loading /> : null}
      {s && (
        <>
          <dl class="facts totals" data-testid="totals">
            <dt>{t('stats.manifests')}</dt>
            <dd>{formatNumber(s.manifests, locale)}</dd>
            <dt>{t('stats.profiled')}</dt>
            <dd>{formatNumber(s.containersProfiled, locale)}</dd>
            <dt>{t('stats.flagged')}</dt>
            <dd data-testid="flagged-total">{formatNumber(s.flagged, locale)}</dd>
            <dt>{t('stats.inspected')}</dt>
            <dd data-testid="inspected-total">{formatNumber(s.inspected, locale)}</dd>
            <dt>{t('stats.seizures')}</dt>
            <dd data-testid="seizures-total">{formatNumber(s.seizures, locale)}</dd>
            <dt>{t('stats.hitRate')}</dt>
            <dd>{pct(s.hitRate)}</dd>
          </dl>
          <h2>{t('stats.byStatus')}</h2>
          <ul class="by-status">
            {Object.entries(s.byStatus).map(([status, n]) => (
              <li key={status}>
                {t(`status.${status}` as MessageKey)}: {formatNumber(n, locale)}
              </li>
            ))}
          </ul>
          {s.flaggedByDay && Object.keys(s.flaggedByDay).length > 0 && (
            <>
              {/* The API counts the days at the port (s.timeZone); each day is a calendar date there. */}
              <h2>{t('stats.overTime', { zone: s.timeZone ?? portTimeZone(port) })}</h2>
              <table class="over-time" data-testid="over-time">
                <thead>
                  <tr>
                    <th scope="col">{t('stats.day')}</th>
                    <th scope="col" class="num">
                      {t('stats.flagged')}
                    </th>
                    <th scope="col" class="chart-col">
                      <span class="visually-hidden">{t('stats.chart')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {Object.entries(s.flaggedByDay).map(([day, n]) => (
                    <tr key={day}>
                      <th scope="row">
                        <time dateTime={day}>
                          {new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'medium' }).format(
                            new Date(`${day}T00:00:00Z`),
                          )}
                        </time>
                      </th>
                      <td class="num">{formatNumber(n, locale)}</td>
                      <td class="chart-col" aria-hidden="true">
                        <span class="bar" style={{ width: `${(n / maxDay) * 100}%` }} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          <h2>{t('stats.rules')}</h2>
          <table class="rule-stats" data-testid="rule-stats">
            <thead>
              <tr>
                <th scope="col">{t('stats.rule')}</th>
                <th scope="col" class="num">
                  {t('stats.fired')}
                </th>
                <th scope="col" class="chart-col">
                  <span class="visually-hidden">{t('stats.chart')}</span>
                </th>
                <th scope="col" class="num">
                  {t('stats.inspected')}
                </th>
                <th scope="col" class="num">
                  {t('stats.seizures')}
                </th>
                <th scope="col" class="num">
                  {t('stats.hitRate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {s.rules.map((r) => (
                <tr
                  key={r.ruleId}
                  class={r.ruleId === 'RANDOM' ? 'baseline' : undefined}
                  data-rule={r.ruleId}
                >
                  <th scope="row">
                    <code>{r.ruleId}</code>
                    {r.ruleId === 'RANDOM' && <span class="detail"> ({t('stats.baseline')})</span>}
                  </th>
                  <td class="num">{formatNumber(r.fired, locale)}</td>
                  <td class="chart-col" aria-hidden="true">
                    <span class="bar" style={{ width: `${(r.fired / maxFired) * 100}%` }} />
                  </td>
                  <td class="num">{formatNumber(r.inspected, locale)}</td>
                  <td class="num">{formatNumber(r.seizures, locale)}</td>
                  <td class="num">{pct(r.hitRate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="hint">{t('stats.hitRateNote')}</p>
        </>
      )}
    </>
  );
}
