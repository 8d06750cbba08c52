import type { BenchRecord } from './types';

/** The columns of the CSV export, in order; the same figures as the results table. */
const COLUMNS: [string, (record: BenchRecord) => string | number | null][] = [
  ['measured_at', (r) => new Date(r.at).toISOString()],
  ['model', (r) => r.model],
  ['engine', (r) => r.engine],
  ['backend', (r) => r.backend],
  ['dtype', (r) => r.dtype],
  ['runs', (r) => r.runs],
  ['prompt_tokens', (r) => r.prompt_tokens],
  ['max_new_tokens', (r) => r.max_new_tokens],
  ['app_load_ms_cold', (r) => r.app.load_ms_cold],
  ['app_load_ms_warm', (r) => r.app.load_ms_warm],
  ['app_ttft_ms', (r) => r.app.ttft_ms],
  ['app_prefill_tokens_per_s', (r) => r.app.prefill_tokens_per_s],
  ['app_decode_tokens_per_s', (r) => r.app.decode_tokens_per_s],
  ['raw_load_ms_cold', (r) => r.raw.load_ms_cold],
  ['raw_load_ms_warm', (r) => r.raw.load_ms_warm],
  ['raw_ttft_ms', (r) => r.raw.ttft_ms],
  ['raw_prefill_tokens_per_s', (r) => r.raw.prefill_tokens_per_s],
  ['raw_decode_tokens_per_s', (r) => r.raw.decode_tokens_per_s],
  ['overhead_ratio', (r) => r.overhead_ratio],
  ['overhead_ratio_ci_low', (r) => r.overhead_ratio_ci?.[0] ?? null],
  ['overhead_ratio_ci_high', (r) => r.overhead_ratio_ci?.[1] ?? null],
  ['decode_spread_app', (r) => r.decode_spread.app],
  ['bandwidth_bytes_per_s', (r) => r.bandwidth_bytes_per_s],
  ['roofline_share', (r) => r.roofline_share],
  ['threads', (r) => r.threads ?? null],
  [
    'cross_origin_isolated',
    (r) => (r.cross_origin_isolated === undefined ? null : String(r.cross_origin_isolated)),
  ],
  ['fallback_reason', (r) => r.fallback_reason],
  ['adapter_vendor', (r) => r.device.adapter.vendor],
  ['adapter_architecture', (r) => r.device.adapter.architecture],
  ['adapter_description', (r) => r.device.adapter.description],
  ['features', (r) => r.device.features.join(' ')],
  ['user_agent', (r) => r.device.userAgent],
  ['method', (r) => r.method],
];

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(records: readonly BenchRecord[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const record of records) lines.push(COLUMNS.map(([, read]) => csvCell(read(record))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export function toJson(records: readonly BenchRecord[]): string {
  return `${JSON.stringify(records, null, 2)}\n`;
}

/** A file name for an export made today, e.g. hearth-benchmarks-2026-11-24.csv. */
export function exportFileName(format: 'json' | 'csv', at = Date.now()): string {
  return `hearth-benchmarks-${new Date(at).toISOString().slice(0, 10)}.${format}`;
}
