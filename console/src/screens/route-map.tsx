/**
 * The consignment's route on a small world map drawn offline: Natural Earth land (1:110m,
 * public domain, via world-atlas) and World Port Index positions (port-positions.json). Loaded on the
 * flag detail only, as its own chunk, so the first load stays small. The route is also
 * listed in text beside the map (the map is a picture of the list, not the only copy).
 * Places the risk profiles list (the API's `routeListings`, from the flag's evidence) are marked
 * by shape and by text as well as by colour: a square for a listed port, a triangle for a port
 * in a listed country, a circle for the others; the legend says so.
 */
import { geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import land110m from 'world-atlas/land-110m.json';
import type { FlaggedDetail } from '../api.ts';
import { type MessageKey, useI18n } from '../i18n.ts';
import positions from '../port-positions.json';

export type RouteStop = {
  locode: string;
  kind: 'previous' | 'receipt' | 'loading' | 'transshipment' | 'discharge' | 'delivery';
};

const COORDINATES = new Map(
  Object.entries(positions as unknown as Record<string, [number, number]>).map(([locode, [lat, lon]]) => [
    locode,
    { locode, lat, lon },
  ]),
);
const topology = land110m as unknown as Topology<{ land: GeometryCollection }>;
const LAND = feature(topology, topology.objects.land) as unknown as
  | FeatureCollection<MultiPolygon>
  | Feature<MultiPolygon>;

const WIDTH = 640;
const HEIGHT = 320;

type Listing = FlaggedDetail['routeListings'][number];
type Mark = 'stop' | 'listedPort' | 'listedCountry';

/** What a stop is on the map: a port listed itself outranks a port in a listed country. */
function markOf(stop: RouteStop, listings: Listing[]): { mark: Mark; listings: Listing[] } {
  const mine = listings.filter((l) => l.locode === stop.locode && l.leg === stop.kind);
  const mark: Mark = mine.some((l) => l.listed === 'port')
    ? 'listedPort'
    : mine.length > 0
      ? 'listedCountry'
      : 'stop';
  return { mark, listings: mine };
}

const MARK_COLOUR: Record<Mark, string> = {
  stop: '#0b4f8a',
  listedPort: '#a4161a',
  listedCountry: '#b35c00',
};

/** The marker's shape at (x, y): the shape carries the meaning, the colour repeats it. */
function Marker(props: { mark: Mark; x: number; y: number }) {
  const { mark, x, y } = props;
  const common = { fill: MARK_COLOUR[mark], stroke: '#fff', 'stroke-width': 1.5 };
  if (mark === 'listedPort') return <rect x={x - 6} y={y - 6} width={12} height={12} {...common} />;
  if (mark === 'listedCountry')
    return <path d={`M${x},${y - 7.5}L${x + 7},${y + 5.5}L${x - 7},${y + 5.5}Z`} {...common} />;
  return <circle cx={x} cy={y} r={5} {...common} />;
}

const LEGEND: [Mark, MessageKey][] = [
  ['stop', 'map.legendStop'],
  ['listedPort', 'map.legendListedPort'],
  ['listedCountry', 'map.legendListedCountry'],
];

export default function RouteMap(props: { stops: RouteStop[]; listings: Listing[] }) {
  const { t, locale } = useI18n();
  const countryName = (code: string) => {
    try {
      return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  const marked = props.stops.map((s) => ({ ...s, ...markOf(s, props.listings) }));
  const placed = marked
    .map((s) => ({ ...s, port: COORDINATES.get(s.locode) }))
    .filter(
      (s): s is (typeof marked)[number] & { port: { locode: string; lat: number; lon: number } } => !!s.port,
    );
  const missing = props.stops.filter((s) => !COORDINATES.has(s.locode)).map((s) => s.locode);
  const projection = geoEqualEarth();
  if (placed.length > 0) {
    const points = {
      type: 'MultiPoint' as const,
      coordinates: placed.map((s) => [s.port.lon, s.port.lat]),
    };
    projection.fitExtent(
      [
        [40, 30],
        [WIDTH - 40, HEIGHT - 30],
      ],
      placed.length > 1 ? points : { type: 'Sphere' },
    );
    if (placed.length > 1 && projection.scale() > 900) projection.scale(900);
  } else {
    projection.fitSize([WIDTH, HEIGHT], { type: 'Sphere' });
  }
  const path = geoPath(projection);
  const land = path(LAND as never) ?? '';
  const xy = placed.map((s) => (projection([s.port.lon, s.port.lat]) ?? [0, 0]) as [number, number]);
  const line = xy.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)}`).join('');
  const markText = (s: (typeof marked)[number]) => {
    const rules = [...new Set(s.listings.flatMap((l) => l.ruleIds))].join(', ');
    if (s.mark === 'listedPort') return t('map.listedPort', { rules });
    if (s.mark === 'listedCountry')
      return t('map.listedCountry', { country: countryName(s.locode.slice(0, 2)), rules });
    return '';
  };
  const label = marked
    .map(
      (s) => `${t(`map.${s.kind}` as MessageKey)} ${s.locode}${s.mark === 'stop' ? '' : ` (${markText(s)})`}`,
    )
    .join(', ');
  const listedCountries = [
    ...new Set(props.listings.filter((l) => l.listed === 'country').map((l) => l.country)),
  ];
  return (
    <figure class="route-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${t('map.title')}: ${label}`}>
        <rect width={WIDTH} height={HEIGHT} fill="#e8f0f7" />
        <path d={land} fill="#cfd8cf" stroke="#8a968a" stroke-width="0.5" />
        <path d={line} fill="none" stroke="#0b4f8a" stroke-width="2" stroke-dasharray="6 4" />
        {placed.map((s, i) => {
          const [x, y] = xy[i] as [number, number];
          return (
            <g key={`${s.kind}-${s.locode}-${i}`} data-locode={s.locode} data-mark={s.mark}>
              <Marker mark={s.mark} x={x} y={y} />
              <text
                x={x + 9}
                y={y - 8}
                font-size="12"
                font-weight={s.mark === 'stop' ? 'normal' : 'bold'}
                fill="#1a1d21"
              >
                {s.locode}
                {s.mark === 'stop' ? '' : ' !'}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul class="map-legend" aria-label={t('map.legend')}>
          {LEGEND.map(([mark, key]) => (
            <li key={mark} data-mark={mark}>
              <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true">
                <Marker mark={mark} x={10} y={10} />
              </svg>{' '}
              {t(key)}
            </li>
          ))}
        </ul>
        {listedCountries.length > 0 && (
          <p data-testid="listed-countries">
            {t('map.listedCountries', {
              countries: listedCountries.map((c) => `${countryName(c)} (${c})`).join(', '),
            })}
          </p>
        )}
        <ol class="route-stops">
          {marked.map((s, i) => (
            <li
              key={`${s.kind}-${s.locode}-${i}`}
              class={s.mark === 'stop' ? undefined : 'listed'}
              data-mark={s.mark}
            >
              {t(`map.${s.kind}` as MessageKey)}: <strong>{s.locode}</strong>
              {s.mark !== 'stop' && ` — ${markText(s)}`}
            </li>
          ))}
        </ol>
        {missing.length > 0 && (
          <p class="hint">{t('map.notOnMap', { codes: [...new Set(missing)].join(', ') })}</p>
        )}
        <p class="hint">{t('map.source')}</p>
      </figcaption>
    </figure>
  );
}
