/**
 * A line over a series, in SVG: `null` points (nothing to rate in that bucket) are gaps, not zeros. Values
 * are plotted between `min` and `max` (default: the series' own range).
 */
export function Sparkline({
  values,
  width = 120,
  height = 28,
  min,
  max,
  label,
  stretch = false,
}: {
  values: Array<number | null>;
  width?: number;
  height?: number;
  min?: number;
  max?: number;
  label: string;
  stretch?: boolean;
}) {
  const known = values.filter((v): v is number => v !== null);
  const lo = min ?? Math.min(...known, 0);
  const hi = max ?? Math.max(...known, 1);
  const x = (i: number) => (values.length <= 1 ? 0 : (i / (values.length - 1)) * width);
  const y = (v: number) => height - 2 - ((v - lo) / (hi - lo || 1)) * (height - 4);
  const runs: string[] = [];
  let run = '';
  values.forEach((v, i) => {
    if (v === null) {
      if (run) runs.push(run);
      run = '';
      return;
    }
    run += `${run ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
  });
  if (run) runs.push(run);
  // A point with no neighbour draws no line: a dot shows it.
  const dots = values.flatMap((v, i) => (v !== null && values[i - 1] == null && values[i + 1] == null ? [{ cx: x(i), cy: y(v) }] : []));
  return (
    // `stretch`: as wide as its container (the line keeps its thickness).
    <svg
      className="sparkline"
      width={stretch ? '100%' : width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio={stretch ? 'none' : undefined}
      role="img"
      aria-label={label}
    >
      <title>{label}</title>
      {known.length === 0 && <line x1={0} x2={width} y1={height / 2} y2={height / 2} className="sparkline-empty" />}
      {runs.map((d) => (
        <path key={d} d={d} vectorEffect="non-scaling-stroke" />
      ))}
      {dots.map((dot) => (
        <circle key={`${dot.cx},${dot.cy}`} cx={dot.cx} cy={dot.cy} r={1.5} />
      ))}
    </svg>
  );
}
