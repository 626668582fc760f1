import type { FunctionComponent } from 'preact';
import { Fragment } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiFailure, type Decision, type Evidence, type FlaggedDetail, type RuleHit } from '../api.ts';
import { ErrorNote, errorText, formatNumber, Lane, Loading, PortTime, Status, ZoneNote } from '../common.tsx';
import { conveyanceText, documentText, equipmentText } from '../conveyance.ts';
import { type MessageKey, useI18n } from '../i18n.ts';
import { Link } from '../router.ts';
import { can, useApp, useLoad } from '../state.ts';
import { formatPortTime } from '../time.ts';
import type { RouteStop } from './route-map.tsx';

type RouteMapProps = { stops: RouteStop[]; listings: FlaggedDetail['routeListings'] };
let routeMap: Promise<FunctionComponent<RouteMapProps>> | undefined;
/** The map (shapes and port table) is its own chunk, fetched with the first flag detail. */
const loadRouteMap = () => {
  routeMap ??= import('./route-map.tsx').then((m) => m.default);
  return routeMap;
};

/** Where the goods went: the vessel's previous ports as declared, then each B/L's places in order. */
export function routeStops(flag: FlaggedDetail): RouteStop[] {
  const c = flag.consignment;
  if (!c) return [];
  const stops: RouteStop[] = (c.previousPortsOfCall ?? []).map((locode) => ({
    locode,
    kind: 'previous' as const,
  }));
  for (const bl of c.billsOfLading) {
    const places: [string | undefined, RouteStop['kind']][] = [
      [bl.placeOfReceipt, 'receipt'],
      [bl.portOfLoading, 'loading'],
      ...bl.transshipmentPorts.map((p) => [p, 'transshipment'] as [string, RouteStop['kind']]),
      [bl.portOfDischarge, 'discharge'],
      [bl.placeOfDelivery, 'delivery'],
    ];
    for (const [locode, kind] of places) {
      if (!locode) continue;
      if (stops.some((s) => s.locode === locode && s.kind === kind)) continue;
      stops.push({ locode, kind });
    }
  }
  return stops;
}

const UNITS = ['kg', 'g', 'l', 'pieces', 'packages'] as const;
type Unit = (typeof UNITS)[number];

/** The declared words that the matched name does not have, marked (what differs is what to check). */
export function DiffWords(props: { text: string; against: string }) {
  const norm = (w: string) => w.toUpperCase().replace(/[^\p{L}\p{N}]/gu, '');
  const other = new Set(props.against.split(/\s+/).map(norm));
  const words = props.text.split(/(\s+)/);
  return (
    <span>
      {words.map((w, i) =>
        /^\s+$/.test(w) || w === '' || other.has(norm(w)) ? w : <mark key={i}>{w}</mark>,
      )}
    </span>
  );
}

function EvidenceItem(props: { evidence: Evidence }) {
  const { t, locale } = useI18n();
  const e = props.evidence;
  const w = e.watchlist;
  if (w) {
    const declared = typeof e.value === 'string' ? e.value : '';
    return (
      <table class="evidence watchlist">
        <tbody>
          {e.clearance && (
            <tr data-testid="cleared">
              <th scope="row">{t('clearance.cleared')}</th>
              <td>
                {t('clearance.clearedBy', {
                  user: e.clearance.by,
                  date: e.clearance.at.slice(0, 10),
                  reason: e.clearance.reason,
                })}
              </td>
            </tr>
          )}
          <tr>
            <th scope="row">{t('flag.role')}</th>
            <td>
              <code>{e.field}</code>
            </td>
          </tr>
          <tr>
            <th scope="row">{t('flag.declared')}</th>
            <td data-testid="declared">
              <DiffWords text={declared} against={w.matchedName} />
            </td>
          </tr>
          <tr>
            <th scope="row">{t('flag.entry')}</th>
            <td data-testid="entry">{w.name}</td>
          </tr>
          <tr>
            <th scope="row">{t('flag.matched')}</th>
            <td data-testid="matched">
              <DiffWords text={w.matchedName} against={declared} />
            </td>
          </tr>
          <tr>
            <th scope="row">{t('flag.list')}</th>
            <td>{w.list}</td>
          </tr>
          <tr>
            <th scope="row">{t('flag.reference')}</th>
            <td>{w.entityId}</td>
          </tr>
          <tr>
            <th scope="row">{t('flag.similarity')}</th>
            <td>
              {(w.score * 100).toLocaleString(locale, { maximumFractionDigits: 0 })} % ({w.matchedOn})
            </td>
          </tr>
        </tbody>
      </table>
    );
  }
  return (
    <p class="evidence">
      <code>{e.field}</code>
      {e.value !== undefined && (
        <>
          {' = '}
          <strong>{String(e.value)}</strong>
        </>
      )}
      {e.detail && <span lang="en"> ({e.detail})</span>}
    </p>
  );
}

/** One year from today, as the date input wants it (a clearance's default expiry). */
function inAYear(): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
}

/** "Not this entry": clears the hit's watchlist match for its party at this port (analysts, admins). */
function ClearForm(props: { flagId: string; hit: RuleHit }) {
  const { api } = useApp();
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(inAYear());
  const [done, setDone] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  if (done) return <p role="status">{done}</p>;
  async function submit(event: Event) {
    event.preventDefault();
    setError(undefined);
    try {
      const c = await api.clearHit({
        flagId: props.flagId,
        ruleId: props.hit.ruleId,
        reason,
        expiresAt: new Date(`${expires}T00:00:00Z`).toISOString(),
      });
      setDone(t('clearance.done', { date: c.expiresAt.slice(0, 10) }));
    } catch (err) {
      setError(errorText(err, t));
    }
  }
  return (
    <details class="clear-hit">
      <summary>{t('clearance.action')}</summary>
      <form onSubmit={submit}>
        <p>{t('clearance.explain')}</p>
        <label>
          {t('clearance.reason')}
          <textarea
            required
            value={reason}
            onInput={(e) => setReason((e.target as HTMLTextAreaElement).value)}
          />
        </label>
        <label>
          {t('clearance.expires')}
          <input
            type="date"
            required
            value={expires}
            onInput={(e) => setExpires((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{t('clearance.submit')}</button>
        {error && <p role="alert">{error}</p>}
      </form>
    </details>
  );
}

function Hit(props: { hit: RuleHit; flagId: string; canClear: boolean }) {
  const { t } = useI18n();
  const h = props.hit;
  const clearable =
    props.canClear &&
    !h.cleared &&
    h.evidence.some((e) => e.watchlist?.matchedOn === 'name' && e.watchlist.entryFingerprint && !e.clearance);
  return (
    <li class="hit">
      <h3>
        <code>{h.ruleId}</code> <span class="weight">{t('flag.weight', { weight: h.weight })}</span>{' '}
        {h.lane && <Lane lane={h.lane} />}
        {h.cleared && <span class="cleared"> {t('clearance.cleared')}</span>}
      </h3>
      <p lang="en">{h.description}</p>
      {h.evidence.map((e, i) => (
        <EvidenceItem key={i} evidence={e} />
      ))}
      {clearable && <ClearForm flagId={props.flagId} hit={h} />}
    </li>
  );
}

type Outcome = { status: string; notes: string; substance: string; quantity: string; unit: Unit };

export function FlagDetail(props: { id: string }) {
  const { api, session } = useApp();
  const { t, locale } = useI18n();
  const loaded = useLoad(() => api.flag(props.id), [props.id]);
  const [flag, setFlag] = useState<FlaggedDetail | undefined>();
  const [form, setForm] = useState<Outcome>({
    status: '',
    notes: '',
    substance: '',
    quantity: '',
    unit: 'kg',
  });
  const [message, setMessage] = useState<
    { kind: 'saved' | 'conflict' | 'error'; text: string } | undefined
  >();
  const [busy, setBusy] = useState(false);
  useEffect(() => setFlag(loaded.data), [loaded.data]);
  const [RouteMap, setRouteMap] = useState<FunctionComponent<RouteMapProps> | undefined>();
  useEffect(() => {
    loadRouteMap().then((component) => setRouteMap(() => component));
  }, []);
  const stops = useMemo(() => (flag ? routeStops(flag) : []), [flag]);

  if (loaded.error) {
    const notFound = loaded.error instanceof ApiFailure && loaded.error.status === 404;
    return (
      <>
        <h1>{t('flag.notFound')}</h1>
        {notFound ? null : <ErrorNote error={loaded.error} onRetry={loaded.reload} />}
        <p>
          <Link href="/queue">{t('flag.backToQueue')}</Link>
        </p>
      </>
    );
  }
  if (!flag) return <Loading />;
  const f = flag;
  const inspected = f.status === 'inspected-clear' || f.status === 'inspected-seizure';
  const triage = can.triage(session) && (!inspected || session.roles.includes('admin'));
  const outcome = can.recordOutcome(session);

  async function decide(status: string) {
    setBusy(true);
    setMessage(undefined);
    try {
      const seizure =
        status === 'inspected-seizure'
          ? { substance: form.substance.trim(), quantity: Number(form.quantity), unit: form.unit }
          : undefined;
      const updated = await api.decide(f.id, {
        version: f.version,
        status: status as FlaggedDetail['status'],
        ...(form.notes.trim() && { notes: form.notes.trim() }),
        ...(seizure && { seizure }),
      });
      setFlag(updated);
      setForm({ ...form, notes: '' });
      setMessage({
        kind: 'saved',
        text: t('flag.saved', {
          status: t(`status.${updated.status}` as MessageKey),
          version: updated.version,
        }),
      });
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 409) {
        // Nothing is overwritten: show who changed it, keep what was typed, and let the user retry.
        const current = await api.flag(f.id).catch(() => undefined);
        const last: Decision | undefined = current?.history.at(-1) ?? current?.decision;
        if (current) setFlag(current);
        setMessage({
          kind: 'conflict',
          text: last
            ? t('flag.conflict', {
                user: last.by.username,
                time: `${formatPortTime(last.at, f.port, locale)}`,
              })
            : t('flag.conflictUnknown', { version: err.currentVersion ?? current?.version ?? '?' }),
        });
      } else {
        setMessage({ kind: 'error', text: errorText(err, t) });
      }
    } finally {
      setBusy(false);
    }
  }

  const hits = f.assessment?.hits ?? [];
  const c = f.consignment;
  return (
    <>
      <h1>{t('flag.title', { number: f.containerNumber })}</h1>
      <ZoneNote port={f.port} />
      <dl class="facts">
        <dt>{t('flag.score')}</dt>
        <dd data-testid="score">{formatNumber(f.score, locale)}</dd>
        <dt>{t('flag.lane')}</dt>
        <dd>
          <Lane lane={f.lane} />
        </dd>
        <dt>{t('flag.status')}</dt>
        <dd data-testid="flag-status">
          <Status status={f.status} />
        </dd>
        <dt>{t('flag.version')}</dt>
        <dd>{f.version}</dd>
        <dt>{t('flag.vessel')}</dt>
        <dd data-testid="conveyance">
          {conveyanceText(f, t)} · {f.port}
        </dd>
        <dt>{t('flag.flaggedAt')}</dt>
        <dd data-testid="flagged-at">
          <PortTime iso={f.flaggedAt} port={f.port} />
        </dd>
        <dt>{t('flag.manifest')}</dt>
        <dd>
          <Link href={`/inspection/${f.manifestId}`}>{t('flag.inspectionList')}</Link>
        </dd>
      </dl>

      {(triage || outcome) && (
        <section class="decide" aria-labelledby="decide-title">
          <h2 id="decide-title">{t('flag.decide')}</h2>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (form.status) decide(form.status);
            }}
          >
            <label>
              {t('flag.notes')}
              <textarea
                name="notes"
                rows={3}
                maxLength={4000}
                value={form.notes}
                onInput={(e) => setForm({ ...form, notes: e.currentTarget.value })}
              />
            </label>
            {triage && (
              <p class="actions">
                {f.status !== 'assigned' && (
                  <button type="button" disabled={busy} onClick={() => decide('assigned')}>
                    {t('flag.assign')}
                  </button>
                )}
                {f.status !== 'released' && (
                  <button type="button" disabled={busy} onClick={() => decide('released')}>
                    {t('flag.release')}
                  </button>
                )}
                {f.status !== 'open' && (
                  <button type="button" disabled={busy} onClick={() => decide('open')}>
                    {t('flag.reopen')}
                  </button>
                )}
              </p>
            )}
            {outcome && (
              <fieldset>
                <legend>{t('flag.outcome')}</legend>
                <label class="inline">
                  <input
                    type="radio"
                    name="outcome"
                    value="inspected-clear"
                    checked={form.status === 'inspected-clear'}
                    onChange={() => setForm({ ...form, status: 'inspected-clear' })}
                  />
                  {t('flag.clear')}
                </label>
                <label class="inline">
                  <input
                    type="radio"
                    name="outcome"
                    value="inspected-seizure"
                    checked={form.status === 'inspected-seizure'}
                    onChange={() => setForm({ ...form, status: 'inspected-seizure' })}
                  />
                  {t('flag.seizure')}
                </label>
                {form.status === 'inspected-seizure' && (
                  <div class="seizure">
                    <label>
                      {t('flag.substance')}
                      <input
                        name="substance"
                        required
                        maxLength={200}
                        value={form.substance}
                        onInput={(e) => setForm({ ...form, substance: e.currentTarget.value })}
                      />
                    </label>
                    <label>
                      {t('flag.quantity')}
                      <input
                        name="quantity"
                        type="number"
                        required
                        min="0.001"
                        step="any"
                        value={form.quantity}
                        onInput={(e) => setForm({ ...form, quantity: e.currentTarget.value })}
                      />
                    </label>
                    <label>
                      {t('flag.unit')}
                      <select
                        name="unit"
                        value={form.unit}
                        onChange={(e) => setForm({ ...form, unit: e.currentTarget.value as Unit })}
                      >
                        {UNITS.map((u) => (
                          <option key={u} value={u}>
                            {t(`unit.${u}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                  </div>
                )}
                <button type="submit" disabled={busy || !form.status}>
                  {t('flag.save')}
                </button>
              </fieldset>
            )}
          </form>
          {message && (
            <p
              class={`note ${message.kind === 'saved' ? 'success' : message.kind === 'conflict' ? 'warning' : 'error'}`}
              role={message.kind === 'saved' ? 'status' : 'alert'}
              data-testid="decision-message"
            >
              {message.text}
            </p>
          )}
        </section>
      )}

      <section aria-labelledby="hits-title">
        <h2 id="hits-title">{t('flag.hits')}</h2>
        <ol class="hits">
          {hits.map((h) => (
            <Hit key={h.ruleId} hit={h} flagId={f.id} canClear={can.triage(session)} />
          ))}
        </ol>
      </section>

      {stops.length > 0 && (
        <section aria-labelledby="route-title">
          <h2 id="route-title">{t('map.title')}</h2>
          {RouteMap ? <RouteMap stops={stops} listings={flag.routeListings ?? []} /> : <Loading />}
        </section>
      )}

      {c && (
        <section aria-labelledby="consignment-title">
          <h2 id="consignment-title">{t('flag.consignment')}</h2>
          <dl class="facts">
            <dt>{t('flag.equipment')}</dt>
            <dd data-testid="equipment">{equipmentText(c.container, c.container.number, t)}</dd>
            <dt>{t('inspection.seals')}</dt>
            <dd>{c.container.seals.join(', ') || '—'}</dd>
            <dt>{t('inspection.isoType')}</dt>
            <dd>{c.container.isoType ?? '—'}</dd>
            <dt>{t('inspection.vgm')}</dt>
            <dd>{formatNumber(c.container.verifiedGrossMassKg, locale)}</dd>
            {c.billsOfLading.map((bl) => (
              <Fragment key={bl.number}>
                <dt>{documentText(bl, bl.number, t)}</dt>
                <dd>
                  {t('inspection.shipper')}: {bl.shipper?.name ?? '—'}; {t('inspection.consignee')}:{' '}
                  {bl.consignee?.name ?? '—'}; {t('inspection.goods')}:{' '}
                  {bl.goods.map((g) => `${g.description}${g.hsCode ? ` (HS ${g.hsCode})` : ''}`).join('; ') ||
                    '—'}
                </dd>
              </Fragment>
            ))}
          </dl>
        </section>
      )}

      <section aria-labelledby="history-title">
        <h2 id="history-title">{t('flag.history')}</h2>
        {f.history.length === 0 ? (
          <p>{t('flag.noHistory')}</p>
        ) : (
          <ol class="history" data-testid="history">
            {f.history.map((d, i) => (
              <li key={i}>
                {t('flag.historyEntry', {
                  status: t(`status.${d.status}` as MessageKey),
                  user: d.by.username,
                  time: formatPortTime(d.at, f.port, locale),
                })}
                {d.seizure &&
                  ` · ${d.seizure.substance} ${formatNumber(d.seizure.quantity, locale)} ${t(`unit.${d.seizure.unit}`)}`}
                {d.notes && <q>{d.notes}</q>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}
