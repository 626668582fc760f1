import { memo } from 'preact/compat';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { FlaggedSummary } from '../api.ts';
import { ErrorNote, Loading, ZoneNote } from '../common.tsx';
import { conveyanceText, MODES } from '../conveyance.ts';
import { type MessageKey, useI18n } from '../i18n.ts';
import { navigate } from '../router.ts';
import { useApp } from '../state.ts';
import { formatPortTime, portDayBound, portTimeZone } from '../time.ts';

const FILTERS = [
  'mode',
  'lane',
  'status',
  'from',
  'to',
  'minScore',
  'manifest',
  'container',
  'sort',
] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const LANES = ['red', 'yellow', 'blue', 'green'];
const STATUSES = ['open', 'assigned', 'inspected-clear', 'inspected-seizure', 'released'];
/** One request lists a port's day of flags (the API lists up to 1,000 summaries a page). */
const PAGE = 1000;
/** A vessel call's list returns every flag in full (evidence, consignment): smaller pages. */
const MANIFEST_PAGE = 100;

type SortColumn = 'score' | 'flaggedAt' | 'containerNumber' | 'status';

/** Find on the loaded page and sort it: pure, so the bench measures exactly what the screen runs. */
export function visibleRows(
  items: FlaggedSummary[],
  find: string,
  sort: { column: SortColumn; descending: boolean } | undefined,
): FlaggedSummary[] {
  const needle = find.trim().toUpperCase();
  const rows = needle
    ? items.filter(
        (f) =>
          f.containerNumber.includes(needle) ||
          (f.vesselName ?? '').toUpperCase().includes(needle) ||
          (f.voyageNumber ?? '').toUpperCase().includes(needle) ||
          Object.values(f.conveyance ?? {}).some((v) => v.toUpperCase().includes(needle)) ||
          f.rules.some((r) => r.includes(needle)),
      )
    : items.slice();
  if (sort) {
    const dir = sort.descending ? -1 : 1;
    const key = sort.column;
    rows.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      return (
        (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir
      );
    });
  }
  return rows;
}

/** What a row shows, as text: worked out once per flag and locale, never again on find or sort. */
type RowText = {
  href: string;
  score: string;
  lane: string;
  status: string;
  time: string;
  zone: string;
  conveyance: string;
};

/**
 * The cells of one row, memoised on the flag: finding toggles the row's `hidden`, and sorting
 * moves rows, without re-rendering a cell. Plain elements (the link's navigation is one
 * handler on the table, the labels precomputed): a thousand rows render in one pass.
 */
const Cells = memo(function Cells(props: { flag: FlaggedSummary; text: RowText }) {
  const f = props.flag;
  const x = props.text;
  return (
    <>
      <th scope="row">
        <a href={x.href}>{f.containerNumber}</a>
      </th>
      <td class="num">{x.score}</td>
      <td>{f.lane ? <span class={`lane lane-${f.lane}`}>{x.lane}</span> : <span>—</span>}</td>
      <td>
        <span class={`status status-${f.status}`}>{x.status}</span>
      </td>
      <td>
        {f.flaggedAt ? (
          <time dateTime={f.flaggedAt} title={x.zone} data-zone={x.zone}>
            {x.time}
          </time>
        ) : (
          <span>—</span>
        )}
      </td>
      <td class="conveyance">{x.conveyance}</td>
      <td class="rules">{f.rules.join(', ')}</td>
    </>
  );
});

const Row = memo(function Row(props: { flag: FlaggedSummary; text: RowText; hidden: boolean }) {
  return (
    <tr data-container={props.flag.containerNumber} hidden={props.hidden}>
      <Cells flag={props.flag} text={props.text} />
    </tr>
  );
});

/** A click on a row's link navigates in the page (a real link still: keyboard, middle click, copy). */
function followRowLink(e: MouseEvent) {
  const link = (e.target as Element).closest('a');
  if (!link || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
    return;
  e.preventDefault();
  navigate(link.getAttribute('href') as string);
}

export function Queue(props: { query: URLSearchParams }) {
  const { api, port } = useApp();
  const { t, locale } = useI18n();
  const applied: Filters = Object.fromEntries(
    FILTERS.map((f) => [f, props.query.get(f) ?? undefined]).filter(([, v]) => v),
  );
  const appliedKey = JSON.stringify(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  const [items, setItems] = useState<FlaggedSummary[]>([]);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [find, setFind] = useState('');
  const [sort, setSort] = useState<{ column: SortColumn; descending: boolean } | undefined>();
  const generation = useRef(0);

  useEffect(() => setDraft(JSON.parse(appliedKey)), [appliedKey]);

  async function fetchPage(after: string | undefined): Promise<{ items: FlaggedSummary[]; next?: string }> {
    const f: Filters = JSON.parse(appliedKey);
    if (f.manifest) {
      // One vessel call: its own list, the other filters applied here (it is one manifest's flags).
      const page = await api.manifestFlagged(f.manifest, {
        limit: MANIFEST_PAGE,
        ...(after && { cursor: after }),
      });
      const min = f.minScore ? Number(f.minScore) : undefined;
      const rows = page.items.filter(
        (x) =>
          (!f.mode || (x.mode ?? 'sea') === f.mode) &&
          (!f.lane || x.lane === f.lane) &&
          (!f.status || x.status === f.status) &&
          (min === undefined || x.score >= min),
      );
      return { items: rows, ...(page.nextCursor && { next: page.nextCursor }) };
    }
    const page = await api.flagged({
      port,
      mode: f.mode,
      lane: f.lane,
      status: f.status,
      from: f.from ? portDayBound(f.from, port, false) : undefined,
      to: f.to ? portDayBound(f.to, port, true) : undefined,
      minScore: f.minScore,
      container: f.container,
      sort: f.sort,
      limit: PAGE,
      cursor: after,
    });
    return { items: page.items, ...(page.nextCursor && { next: page.nextCursor }) };
  }

  async function load(after: string | undefined, all = false) {
    const mine = ++generation.current;
    setLoading(true);
    setError(undefined);
    try {
      let next = after;
      let acc: FlaggedSummary[] = after ? items : [];
      do {
        const page = await fetchPage(next);
        if (mine !== generation.current) return;
        acc = [...acc, ...page.items];
        next = page.next;
        setItems(acc);
        setCursor(next);
      } while (all && next);
    } catch (err) {
      if (mine === generation.current) setError(err);
    } finally {
      if (mine === generation.current) setLoading(false);
    }
  }

  useEffect(() => {
    setItems([]);
    setCursor(undefined);
    load(undefined);
  }, [appliedKey, port]);

  // Rows found stay mounted and the others are hidden: finding toggles an attribute, it does
  // not rebuild a thousand rows.
  const rows = useMemo(() => visibleRows(items, '', sort), [items, sort]);
  const texts = useMemo(() => {
    const number = new Intl.NumberFormat(locale);
    const labels = new Map<MessageKey, string>();
    const label = (key: MessageKey) => {
      const text = labels.get(key) ?? t(key);
      labels.set(key, text);
      return text;
    };
    return new Map(
      items.map((f): [string, RowText] => [
        f.id,
        {
          href: `/flag/${encodeURIComponent(f.id)}`,
          score: f.score === undefined ? '—' : number.format(f.score),
          lane: f.lane ? label(`lane.${f.lane}` as MessageKey) : '',
          status: label(`status.${f.status}` as MessageKey),
          time: formatPortTime(f.flaggedAt, f.port, locale),
          zone: portTimeZone(f.port),
          conveyance: conveyanceText(f, t),
        },
      ]),
    );
  }, [items, locale, t]);
  const shown = useMemo(() => new Set(visibleRows(items, find, undefined).map((f) => f.id)), [items, find]);
  const firstRender = useRef(true);
  useLayoutEffect(() => {
    if (rows.length === 0) return;
    if (firstRender.current) {
      firstRender.current = false;
      performance.mark('pcu:queue-rendered');
    }
    if (performance.getEntriesByName('pcu:queue-change').length) {
      performance.measure('pcu:queue-filter-sort', 'pcu:queue-change');
      performance.clearMarks('pcu:queue-change');
    }
  }, [rows, shown]);

  function apply(e: Event) {
    e.preventDefault();
    const search = new URLSearchParams();
    for (const f of FILTERS) if (draft[f]) search.set(f, draft[f] as string);
    const s = search.toString();
    navigate(`/queue${s ? `?${s}` : ''}`);
  }

  function sortBy(column: SortColumn) {
    performance.mark('pcu:queue-change');
    setSort((s) => ({
      column,
      descending: s?.column === column ? !s.descending : column !== 'containerNumber',
    }));
  }

  const field = (name: keyof Filters) => ({
    name,
    value: draft[name] ?? '',
    onInput: (e: Event) => setDraft({ ...draft, [name]: (e.currentTarget as HTMLInputElement).value }),
  });

  const header = (column: SortColumn, label: string, numeric = false) => (
    <th
      scope="col"
      class={numeric ? 'num' : undefined}
      aria-sort={sort?.column === column ? (sort.descending ? 'descending' : 'ascending') : undefined}
    >
      <button
        type="button"
        class="sort"
        onClick={() => sortBy(column)}
        title={t('queue.sortBy', { column: label })}
      >
        {label}
        <span aria-hidden="true">{sort?.column === column ? (sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );

  /** A server-side filter with a fixed set of values, each labelled `{prefix}.{value}`. */
  const choice = (
    name: keyof Filters,
    label: string,
    any: string,
    values: readonly string[],
    prefix: 'mode' | 'lane' | 'status',
  ) => (
    <label>
      {label}
      <select {...field(name)} onChange={field(name).onInput}>
        <option value="">{any}</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {t(`${prefix}.${v}` as MessageKey)}
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <>
      <h1>{t('queue.title')}</h1>
      <form class="filters" onSubmit={apply} aria-label={t('queue.filters')}>
        {choice('mode', t('queue.mode'), t('queue.allModes'), MODES, 'mode')}
        {choice('lane', t('queue.lane'), t('queue.any'), LANES, 'lane')}
        {choice('status', t('queue.status'), t('queue.any'), STATUSES, 'status')}
        <label>
          {t('queue.from')}
          <input type="date" {...field('from')} />
        </label>
        <label>
          {t('queue.to')}
          <input type="date" {...field('to')} />
        </label>
        <label>
          {t('queue.minScore')}
          <input type="number" min="0" step="1" inputMode="numeric" {...field('minScore')} />
        </label>
        <label>
          {t('queue.manifest')}
          <input {...field('manifest')} pattern="[0-9a-f]{32}" spellcheck={false} />
        </label>
        <label>
          {t('queue.container.filter')}
          <input {...field('container')} pattern="[A-Za-z]{4} ?[0-9]{7}" spellcheck={false} />
        </label>
        <label>
          {t('queue.sort')}
          <select {...field('sort')} onChange={field('sort').onInput}>
            <option value="">{t('queue.sortDate')}</option>
            <option value="score">{t('queue.sortScore')}</option>
          </select>
        </label>
        <div class="buttons">
          <button type="submit">{t('queue.apply')}</button>
          <button type="button" onClick={() => navigate('/queue')}>
            {t('queue.reset')}
          </button>
        </div>
      </form>
      <label class="find">
        {t('queue.filterPage')}
        <input
          type="search"
          name="find"
          value={find}
          onInput={(e) => {
            performance.mark('pcu:queue-change');
            setFind(e.currentTarget.value);
          }}
        />
      </label>
      <ZoneNote port={port} />
      {error ? <ErrorNote error={error} onRetry={() => load(undefined)} /> : null}
      {!loading && !error && shown.size === 0 ? <p>{t('queue.empty')}</p> : null}
      {rows.length > 0 && (
        <table class="queue" data-testid="queue">
          <caption class="visually-hidden">{t('queue.title')}</caption>
          <thead>
            <tr>
              {header('containerNumber', t('queue.container'))}
              {header('score', t('queue.score'), true)}
              <th scope="col">{t('queue.lane.column')}</th>
              {header('status', t('queue.statusColumn'))}
              {header('flaggedAt', t('queue.flaggedAt'))}
              <th scope="col">{t('queue.vessel')}</th>
              <th scope="col">{t('queue.rules')}</th>
            </tr>
          </thead>
          {/* biome-ignore lint/a11y/useKeyWithClickEvents: Enter on a row's link is a click too, delegated here. */}
          <tbody onClick={followRowLink}>
            {rows.map((f) => (
              <Row key={f.id} flag={f} text={texts.get(f.id) as RowText} hidden={!shown.has(f.id)} />
            ))}
          </tbody>
        </table>
      )}
      <p class="paging" aria-live="polite">
        {t('common.shown', { count: shown.size })}
        {cursor && ` ${t('common.more')}`}
      </p>
      {loading && <Loading />}
      {cursor && !loading && (
        <p class="actions">
          <button type="button" onClick={() => load(cursor)}>
            {t('common.loadMore')}
          </button>
          <button type="button" onClick={() => load(cursor, true)}>
            {t('common.loadAll')}
          </button>
        </p>
      )}
    </>
  );
}
