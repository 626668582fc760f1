/**
 * The consignment's route on a small world map drawn offline: Natural Earth land (1:110m,
 * public domain, via world-atlas) and World Port Index positions (port-positions.json). Loaded on the
 * flag detail only, as its own chunk, so the first load stays small. The route is also
 * listed in text beside the map (the map is a picture of the list, not the only copy).
 */
import { geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import land110m from 'world-atlas/land-110m.json';
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

export default function RouteMap(props: { stops: RouteStop[]; listed: Set<string> }) {
  const { t } = useI18n();
  const placed = props.stops
    .map((s) => ({ ...s, port: COORDINATES.get(s.locode) }))
    .filter(
      (s): s is RouteStop & { port: { locode: string; name: string; lat: number; lon: number } } => !!s.port,
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
  const label = props.stops.map((s) => `${t(`map.${s.kind}` as MessageKey)} ${s.locode}`).join(', ');
  return (
    <figure class="route-map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${t('map.title')}: ${label}`}>
        <rect width={WIDTH} height={HEIGHT} fill="#e8f0f7" />
        <path d={land} fill="#cfd8cf" stroke="#8a968a" stroke-width="0.5" />
        <path d={line} fill="none" stroke="#0b4f8a" stroke-width="2" stroke-dasharray="6 4" />
        {placed.map((s, i) => {
          const [x, y] = xy[i] as [number, number];
          const listed = props.listed.has(s.locode);
          return (
            <g key={`${s.kind}-${s.locode}-${i}`}>
              <circle
                cx={x}
                cy={y}
                r={listed ? 7 : 5}
                fill={listed ? '#a4161a' : '#0b4f8a'}
                stroke="#fff"
                stroke-width="1.5"
              />
              <text x={x + 8} y={y - 8} font-size="12" fill="#1a1d21">
                {s.locode}
                {listed ? ' !' : ''}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ol class="route-stops">
          {props.stops.map((s, i) => (
            <li key={`${s.kind}-${s.locode}-${i}`} class={props.listed.has(s.locode) ? 'listed' : undefined}>
              {t(`map.${s.kind}` as MessageKey)}: <strong>{s.locode}</strong>
              {props.listed.has(s.locode) && ` — ${t('map.listed')}`}
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
