import type { BenchRecord } from '../../lib/bench';

/** How every figure is shown in the table; exports carry the same values unrounded. */
export function figure(value: number | null, digits = 1): string {
  return value === null || !Number.isFinite(value) ? '—' : value.toFixed(digits);
}

export function percent(value: number | null, digits = 0): string {
  return value === null || !Number.isFinite(value) ? '—' : `${(value * 100).toFixed(digits)} %`;
}

export function deviceLabel(record: Pick<BenchRecord, 'device'>): string {
  const { vendor, architecture, description } = record.device.adapter;
  const adapter = [vendor, architecture, description].filter(Boolean).join(' · ') || 'no WebGPU';
  const browser = /(Chrome|Edg|Firefox|Safari)\/(\d+)/.exec(record.device.userAgent);
  return browser ? `${adapter} · ${browser[1]} ${browser[2]}` : adapter;
}
