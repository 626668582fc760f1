import { useState } from 'preact/hooks';
import type { SearchResult } from '../api.ts';
import { ErrorNote, formatNumber, Lane, Loading, PortTime, Status } from '../common.tsx';
import { type MessageKey, useI18n } from '../i18n.ts';
import { Link, navigate } from '../router.ts';
import { useApp, useLoad } from '../state.ts';

const KINDS = ['auto', 'container', 'bl', 'party', 'identifier', 'vessel', 'manifest'] as const;
type Kind = (typeof KINDS)[number];

/**
 * Search across the flags and manifests of the user's ports (GET /search): the query and kind
 * live in the URL (`/find?q=...&kind=party`), so a search can be bookmarked, reloaded and
 * reached with Back. Results link to the flag's detail or the manifest's report.
 */
export function Search(props: { query: URLSearchParams }) {
  const { api } = useApp();
  const { t, locale } = useI18n();
  const q = props.query.get('q')?.trim() ?? '';
  const kindParam = props.query.get('kind') ?? 'auto';
  const kind: Kind = (KINDS as readonly string[]).includes(kindParam) ? (kindParam as Kind) : 'auto';
  const [text, setText] = useState(q);
  const [chosen, setChosen] = useState<Kind>(kind);
  const found = useLoad(
    () => (q.length >= 2 ? api.search({ q, kind }) : Promise.resolve(undefined)),
    [q, kind],
  );
  const results = found.data?.results ?? [];
  return (
    <>
      <h1>{t('searchScreen.title')}</h1>
      <search>
        <form
          class="filters"
          onSubmit={(e) => {
            e.preventDefault();
            const params = new URLSearchParams({ q: text.trim() });
            if (chosen !== 'auto') params.set('kind', chosen);
            navigate(`/find?${params}`);
          }}
        >
          <label for="search-q">{t('searchScreen.query')}</label>
          <input
            id="search-q"
            name="q"
            type="search"
            required
            minLength={2}
            maxLength={200}
            value={text}
            aria-describedby="search-help"
            onInput={(e) => setText(e.currentTarget.value)}
          />
          <label for="search-kind">{t('searchScreen.kind')}</label>
          <select
            id="search-kind"
            name="kind"
            value={chosen}
            onChange={(e) => setChosen(e.currentTarget.value as Kind)}
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`searchScreen.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
          <button type="submit">{t('search.submit')}</button>
        </form>
      </search>
      <p id="search-help" class="hint">
        {t('searchScreen.help')}
      </p>
      {found.error ? <ErrorNote error={found.error} onRetry={found.reload} /> : null}
      {found.loading && q ? <Loading /> : null}
      {found.data && !found.loading ? (
        <p role="status">{t('searchScreen.count', { count: formatNumber(results.length, locale), q })}</p>
      ) : null}
      {results.length > 0 ? (
        <table data-testid="search-results">
          <caption class="visually-hidden">{t('searchScreen.results')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('searchScreen.matchedOn')}</th>
              <th scope="col">{t('searchScreen.result')}</th>
              <th scope="col">{t('searchScreen.matched')}</th>
              <th scope="col">{t('searchScreen.when')}</th>
              <th scope="col">{t('searchScreen.state')}</th>
            </tr>
          </thead>
          <tbody>
            {results.map((r) => (
              <ResultRow key={`${r.kind}-${r.flag?.id ?? r.manifest?.id}`} result={r} />
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

function ResultRow(props: { result: SearchResult }) {
  const { t, locale } = useI18n();
  const { result } = props;
  const kindLabel = t(`searchScreen.kind.${result.kind}` as MessageKey);
  if (result.flag) {
    const f = result.flag;
    return (
      <tr>
        <td>{kindLabel}</td>
        <td>
          <Link href={`/flag/${encodeURIComponent(f.id)}`}>
            {t('searchScreen.flagLink', { container: f.containerNumber, port: f.port })}
          </Link>
          {f.vesselName ? ` — ${f.vesselName}` : ''}
        </td>
        <td>
          {result.matched ?? '—'}
          {result.similarity !== undefined
            ? ` (${t('searchScreen.similarity', { percent: formatNumber(Math.round(result.similarity * 100), locale) })})`
            : ''}
        </td>
        <td>
          <PortTime iso={f.flaggedAt} port={f.port} />
        </td>
        <td>
          <Status status={f.status} /> <Lane lane={f.lane} />
        </td>
      </tr>
    );
  }
  const m = result.manifest;
  if (!m) return null;
  return (
    <tr>
      <td>{kindLabel}</td>
      <td>
        <Link href={`/manifest/${m.id}`}>
          {t('searchScreen.manifestLink', { vessel: m.vesselName ?? m.id.slice(0, 12), port: m.port })}
        </Link>
        {m.voyageNumber ? ` — ${m.voyageNumber}` : ''}
      </td>
      <td>{result.matched ?? '—'}</td>
      <td>
        <PortTime iso={m.receivedAt} port={m.port} />
      </td>
      <td>{t(`manifestStatus.${m.status}` as MessageKey)}</td>
    </tr>
  );
}
