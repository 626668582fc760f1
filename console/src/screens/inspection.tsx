import type { Consignment, FlaggedDetail, ManifestDetail } from '../api.ts';
import { ErrorNote, formatNumber, Lane, Loading, PortTime, Status, ZoneNote } from '../common.tsx';
import { conveyanceText, documentText, equipmentText } from '../conveyance.ts';
import { type Translate, useI18n } from '../i18n.ts';
import { Link } from '../router.ts';
import { useApp, useLoad } from '../state.ts';
import { formatPortTime } from '../time.ts';

type Bl = Consignment['billsOfLading'][number];
type Party = NonNullable<Bl['shipper']>;
export type BlGroup = { bl?: Bl; number: string; flags: FlaggedDetail[] };

/** Every flag of the manifest (all pages), then grouped by B/L, the B/L with the highest score first. */
export async function loadInspectionList(
  api: ReturnType<typeof useApp>['api'],
  id: string,
): Promise<{ manifest: ManifestDetail; flags: FlaggedDetail[] }> {
  const manifest = await api.manifest(id);
  const flags: FlaggedDetail[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.manifestFlagged(id, { limit: 100, ...(cursor && { cursor }) });
    flags.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { manifest, flags };
}

export function groupByBl(flags: FlaggedDetail[]): BlGroup[] {
  const groups = new Map<string, BlGroup>();
  for (const flag of flags) {
    const bls = flag.consignment?.billsOfLading ?? [];
    const numbers = bls.length > 0 ? bls : [undefined];
    for (const bl of numbers) {
      const number = bl?.number ?? '—';
      let group = groups.get(number);
      if (!group) {
        group = { ...(bl && { bl }), number, flags: [] };
        groups.set(number, group);
      }
      group.flags.push(flag);
    }
  }
  const top = (g: BlGroup) => Math.max(...g.flags.map((f) => f.score));
  for (const g of groups.values()) g.flags.sort((a, b) => b.score - a.score);
  return [...groups.values()].sort((a, b) => top(b) - top(a) || a.number.localeCompare(b.number));
}

const partyText = (p: Party | undefined) =>
  p ? [p.name, p.address, p.country, p.identifier].filter(Boolean).join(', ') : '';

function declaredWeight(bl: Bl | undefined): number | undefined {
  const goods = bl?.goods ?? [];
  const weights = goods.map((g) => g.grossWeightKg).filter((w): w is number => w !== undefined);
  return weights.length ? weights.reduce((a, b) => a + b, 0) : undefined;
}

const route = (bl: Bl | undefined) =>
  bl
    ? [
        bl.placeOfReceipt,
        bl.portOfLoading,
        ...(bl.transshipmentPorts ?? []),
        bl.portOfDischarge,
        bl.placeOfDelivery,
      ]
        .filter(Boolean)
        .join(' → ')
    : '';

/** The CSV officers open in a spreadsheet: one row per container and B/L, cells quoted, formulas defused. */
export function inspectionCsv(groups: BlGroup[], t: Translate): string {
  const header = [
    t('inspection.bl', { number: '' }).trim(),
    t('inspection.container'),
    t('inspection.seals'),
    t('inspection.isoType'),
    t('inspection.declaredWeight'),
    t('inspection.vgm'),
    t('inspection.shipper'),
    t('inspection.consignee'),
    t('inspection.notify'),
    t('inspection.goods'),
    t('inspection.hs'),
    t('inspection.route'),
    t('inspection.lane'),
    t('inspection.score'),
    t('inspection.reasons'),
    t('inspection.status'),
  ];
  const cell = (v: unknown) => {
    let s = v === undefined || v === null ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return `"${s.replace(/"/g, '""')}"`;
  };
  const rows = groups.flatMap((g) =>
    g.flags.map((f) => {
      const c = f.consignment?.container;
      return [
        g.number,
        f.containerNumber,
        c?.seals.join(' '),
        c?.isoType,
        declaredWeight(g.bl),
        c?.verifiedGrossMassKg,
        g.bl?.shipper?.name,
        g.bl?.consignee?.name,
        (g.bl?.notifyParties ?? []).map((p) => p.name).join('; '),
        (g.bl?.goods ?? []).map((x) => x.description).join('; '),
        (g.bl?.goods ?? [])
          .map((x) => x.hsCode ?? '')
          .filter(Boolean)
          .join(' '),
        route(g.bl),
        f.lane,
        f.score,
        f.rules.join(' '),
        f.status,
      ]
        .map(cell)
        .join(',');
    }),
  );
  return `\ufeff${[header.map(cell).join(','), ...rows].join('\r\n')}\r\n`;
}

export function Inspection(props: { id: string }) {
  const { api } = useApp();
  const { t, locale } = useI18n();
  const loaded = useLoad(() => loadInspectionList(api, props.id), [props.id]);
  if (loaded.error) return <ErrorNote error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data) return <Loading />;
  const { manifest: m, flags } = loaded.data;
  const groups = groupByBl(flags);
  const callDate = m.eta ?? m.receivedAt;

  function exportCsv() {
    const blob = new Blob([inspectionCsv(groups, t)], { type: 'text/csv;charset=utf-8' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download =
      `inspection-${m.vesselName ?? 'vessel'}-${m.voyageNumber ?? ''}-${m.id.slice(0, 8)}.csv`.replace(
        /[^\w.-]+/g,
        '_',
      );
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  }

  return (
    <div class="inspection">
      <header class="print-header">
        <h1>
          {t('inspection.title')}:{' '}
          {(m.mode ?? 'sea') === 'sea'
            ? t('inspection.heading', {
                vessel: m.vesselName ?? '—',
                voyage: m.voyageNumber ?? '—',
                port: m.port,
              })
            : t('inspection.headingMode', { conveyance: conveyanceText(m, t), port: m.port })}
        </h1>
        <p data-testid="conveyance">{conveyanceText(m, t)}</p>
        <p>
          <PortTime iso={callDate} port={m.port} /> · {t('report.manifest', { id: m.id })} ·{' '}
          {t('inspection.flaggedCount', { count: flags.length, bls: groups.length })}
        </p>
        <p class="print-only">
          {t('inspection.printed', { date: formatPortTime(new Date().toISOString(), m.port, locale) })}
        </p>
        <ZoneNote port={m.port} />
      </header>
      <p class="no-print actions">
        <button type="button" onClick={() => window.print()}>
          {t('inspection.print')}
        </button>
        <button type="button" onClick={exportCsv} data-testid="export-csv">
          {t('inspection.csv')}
        </button>
      </p>
      {flags.length === 0 && <p>{t('inspection.empty')}</p>}
      {groups.map((g) => (
        <section class="bl" key={g.number} aria-labelledby={`bl-${g.number}`}>
          <h2 id={`bl-${g.number}`}>{documentText(g.bl, g.number, t)}</h2>
          {g.bl ? (
            <dl class="facts parties">
              <dt>{t('inspection.shipper')}</dt>
              <dd>{partyText(g.bl.shipper) || '—'}</dd>
              <dt>{t('inspection.consignee')}</dt>
              <dd>{partyText(g.bl.consignee) || '—'}</dd>
              <dt>{t('inspection.notify')}</dt>
              <dd>{g.bl.notifyParties.map(partyText).join('; ') || '—'}</dd>
              <dt>{t('inspection.goods')}</dt>
              <dd>
                {g.bl.goods.map((x, i) => (
                  <div key={i}>
                    {x.description}
                    {x.hsCode && (
                      <>
                        {' '}
                        · <abbr title={t('inspection.hs')}>HS</abbr> {x.hsCode}
                      </>
                    )}
                    {x.packageCount !== undefined &&
                      ` · ${formatNumber(x.packageCount, locale)} ${x.packageType ?? ''}`}
                  </div>
                ))}
              </dd>
              <dt>{t('inspection.route')}</dt>
              <dd>{route(g.bl) || '—'}</dd>
            </dl>
          ) : (
            <p>{t('inspection.noConsignment')}</p>
          )}
          <table>
            <thead>
              <tr>
                <th scope="col">{t('inspection.container')}</th>
                <th scope="col">{t('inspection.seals')}</th>
                <th scope="col">{t('inspection.isoType')}</th>
                <th scope="col" class="num">
                  {t('inspection.declaredWeight')}
                </th>
                <th scope="col" class="num">
                  {t('inspection.vgm')}
                </th>
                <th scope="col">{t('inspection.lane')}</th>
                <th scope="col" class="num">
                  {t('inspection.score')}
                </th>
                <th scope="col">{t('inspection.reasons')}</th>
                <th scope="col">{t('inspection.status')}</th>
              </tr>
            </thead>
            <tbody>
              {g.flags.map((f) => {
                const c = f.consignment?.container;
                return (
                  <tr key={f.id} data-container={f.containerNumber}>
                    <th scope="row">
                      <Link href={`/flag/${encodeURIComponent(f.id)}`}>
                        {c?.kind && c.kind !== 'container'
                          ? equipmentText(c, f.containerNumber, t)
                          : f.containerNumber}
                      </Link>
                    </th>
                    <td>{c?.seals.join(', ') || '—'}</td>
                    <td>{c?.isoType ?? '—'}</td>
                    <td class="num">{formatNumber(declaredWeight(g.bl), locale)}</td>
                    <td class="num">{formatNumber(c?.verifiedGrossMassKg, locale)}</td>
                    <td>
                      <Lane lane={f.lane} />
                    </td>
                    <td class="num">{formatNumber(f.score, locale)}</td>
                    <td class="rules">{f.rules.join(', ')}</td>
                    <td>
                      <Status status={f.status} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
      <footer class="signatures">
        <div>
          <span class="line" />
          {t('inspection.signOfficer')}
        </div>
        <div>
          <span class="line" />
          {t('inspection.signSupervisor')}
        </div>
        <div>
          <span class="line" />
          {t('inspection.signDate')}
        </div>
      </footer>
    </div>
  );
}
