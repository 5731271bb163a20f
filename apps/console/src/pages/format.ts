export function percent(rate: number | null): string {
  return rate === null ? '–' : `${(rate * 100).toFixed(rate === 1 || rate === 0 ? 0 : 1)}%`;
}

export function when(iso: string | null): string {
  return iso ? new Date(iso).toLocaleString() : '–';
}
