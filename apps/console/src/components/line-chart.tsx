import { Sparkline } from './sparkline.js';

export interface ChartSeries {
  name: string;
  values: Array<number | null>;
}

/** Several series on one scale, with a legend and the latest value of each: the status page's charts. */
export function LineChart({ title, series, unit, height = 120 }: { title: string; series: ChartSeries[]; unit: string; height?: number }) {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(...all, 1);
  return (
    <figure className="chart">
      <figcaption>{title}</figcaption>
      <div className="chart-area" style={{ height }}>
        {series.map((s, i) => (
          <div key={s.name} className={`chart-layer series-${i}`}>
            <Sparkline values={s.values} width={600} height={height} min={0} max={max} label={`${title}: ${s.name}`} stretch />
          </div>
        ))}
      </div>
      <ul className="legend">
        {series.map((s, i) => {
          const last = [...s.values].reverse().find((v) => v !== null);
          return (
            <li key={s.name} className={`series-${i}`}>
              {s.name}: <strong>{last === undefined || last === null ? '–' : `${round(last)} ${unit}`}</strong>
            </li>
          );
        })}
        <li className="muted">
          scale 0 – {round(max)} {unit}
        </li>
      </ul>
    </figure>
  );
}

function round(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(3);
}
