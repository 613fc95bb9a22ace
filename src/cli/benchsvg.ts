/**
 * The chart of `mpi4js bench --svg`: latency and bandwidth against message size on log scales,
 * one line per contender, for the size sweeps; grouped bars (log scale) for the other cases.
 * Plain SVG, no dependency.
 */
import type { BenchResult, BenchRow, ContenderId } from './bench';

const COLOUR: Record<ContenderId, string> = { c: '#333333', mpi4js: '#e8710a', mpi4py: '#1f77b4', base: '#9467bd' };
const LABEL: Record<ContenderId, string> = { c: 'C', mpi4js: 'mpi4js', mpi4py: 'mpi4py', base: 'mpi4js@base' };
const IDS: ContenderId[] = ['c', 'base', 'mpi4js', 'mpi4py'];
const SIZED = /^(\d+ (B|KiB|MiB)|\d+ doubles|1 Mi doubles)$/;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function sizeLabel(bytes: number): string {
  if (bytes >= 1048576) return `${bytes / 1048576}M`;
  if (bytes >= 1024) return `${bytes / 1024}K`;
  return `${bytes}`;
}

function num(v: number): string {
  if (v >= 1e6) return `${v / 1e6}M`;
  if (v >= 1e3) return `${v / 1e3}k`;
  return String(v);
}

interface Panel {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Decades covering [lo, hi] (log axis). */
function decades(lo: number, hi: number): [number, number] {
  return [Math.floor(Math.log10(lo)), Math.ceil(Math.log10(hi)) + (Math.log10(hi) % 1 === 0 ? 0 : 0)];
}

function linePanel(p: Panel, title: string, yLabel: string, rows: BenchRow[], value: (r: BenchRow, id: ContenderId) => number | undefined): string {
  const pts = rows.filter((r) => r.bytes > 0);
  const vals = pts.flatMap((r) => IDS.map((id) => value(r, id)).filter((v): v is number => v !== undefined && v > 0));
  if (pts.length < 2 || vals.length === 0) return '';
  const [y0, y1] = decades(Math.min(...vals), Math.max(...vals));
  const yTop = y1 === y0 ? y1 + 1 : y1;
  const xs = pts.map((r) => Math.log2(r.bytes));
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const X = (b: number): number => p.x + ((Math.log2(b) - xMin) / (xMax - xMin || 1)) * p.w;
  const Y = (v: number): number => p.y + p.h - ((Math.log10(v) - y0) / (yTop - y0)) * p.h;
  const out: string[] = [];
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y - 12}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`);
  out.push(`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" fill="none" stroke="#999"/>`);
  for (let d = y0; d <= yTop; d++) {
    const y = Y(10 ** d);
    out.push(`<line x1="${p.x}" x2="${p.x + p.w}" y1="${y}" y2="${y}" stroke="#ddd"/>`);
    out.push(`<text x="${p.x - 6}" y="${y + 4}" text-anchor="end">${num(10 ** d)}</text>`);
  }
  pts.forEach((r, i) => {
    const x = X(r.bytes);
    out.push(`<line x1="${x}" x2="${x}" y1="${p.y + p.h}" y2="${p.y + p.h + 4}" stroke="#999"/>`);
    if (pts.length <= 6 || i % 2 === 0 || i === pts.length - 1) out.push(`<text x="${x}" y="${p.y + p.h + 16}" text-anchor="middle">${sizeLabel(r.bytes)}</text>`);
  });
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y + p.h + 34}" text-anchor="middle">message size (bytes, log scale)</text>`);
  out.push(`<text transform="translate(${p.x - 44},${p.y + p.h / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  for (const id of IDS) {
    const line = pts.map((r) => [r.bytes, value(r, id)] as const).filter((q): q is readonly [number, number] => q[1] !== undefined && q[1] > 0);
    if (line.length === 0) continue;
    out.push(`<polyline fill="none" stroke="${COLOUR[id]}" stroke-width="2.5" points="${line.map(([b, v]) => `${X(b).toFixed(1)},${Y(v).toFixed(1)}`).join(' ')}"/>`);
    for (const [b, v] of line) out.push(`<circle cx="${X(b).toFixed(1)}" cy="${Y(v).toFixed(1)}" r="3" fill="${COLOUR[id]}"/>`);
  }
  return out.join('\n');
}

function barPanel(p: Panel, title: string, unit: string, rows: BenchRow[]): string {
  const vals = rows.flatMap((r) => IDS.map((id) => r.median[id]).filter((v): v is number => v !== undefined && v > 0));
  if (rows.length === 0 || vals.length === 0) return '';
  const [v0, v1raw] = decades(Math.min(...vals), Math.max(...vals));
  const v1 = v1raw === v0 ? v1raw + 1 : v1raw;
  const labelW = 190;
  const X = (v: number): number => p.x + labelW + ((Math.log10(v) - v0) / (v1 - v0)) * (p.w - labelW);
  const groupH = p.h / rows.length;
  const ids = IDS.filter((id) => rows.some((r) => r.median[id] !== undefined));
  const barH = Math.min(16, (groupH - 8) / ids.length);
  const out: string[] = [];
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y - 12}" text-anchor="middle" font-weight="bold">${esc(title)}</text>`);
  for (let d = v0; d <= v1; d++) {
    const x = X(10 ** d);
    out.push(`<line x1="${x}" x2="${x}" y1="${p.y}" y2="${p.y + p.h}" stroke="#ddd"/>`);
    out.push(`<text x="${x}" y="${p.y + p.h + 16}" text-anchor="middle">${num(10 ** d)}</text>`);
  }
  out.push(`<text x="${p.x + labelW + (p.w - labelW) / 2}" y="${p.y + p.h + 34}" text-anchor="middle">${esc(unit)} (log scale, shorter is faster)</text>`);
  rows.forEach((r, i) => {
    const gy = p.y + i * groupH + 4;
    out.push(`<text x="${p.x + labelW - 8}" y="${gy + (ids.length * barH) / 2 + 4}" text-anchor="end">${esc(r.case)}</text>`);
    ids.forEach((id, j) => {
      const v = r.median[id];
      if (v === undefined || v <= 0) return;
      const y = gy + j * barH;
      const x0 = X(10 ** v0);
      out.push(`<rect x="${x0}" y="${y}" width="${Math.max(1, X(v) - x0).toFixed(1)}" height="${barH - 2}" fill="${COLOUR[id]}"/>`);
      out.push(`<text x="${(X(v) + 4).toFixed(1)}" y="${y + barH - 4}" font-size="10">${v >= 100 ? v.toFixed(0) : v.toPrecision(3)}</text>`);
    });
  });
  return out.join('\n');
}

/** The SVG document of a result. */
export function renderSvg(r: BenchResult): string {
  const unit = r.unit === 'us' ? 'µs' : r.unit;
  const sized = r.rows.filter((row) => SIZED.test(row.case) && row.bytes > 0);
  const others = r.rows.filter((row) => !sized.includes(row));
  const lines = sized.length >= 3;
  const W = 960;
  const body: string[] = [];
  let y = 70;
  if (lines) {
    const ph = 300;
    body.push(linePanel({ x: 80, y, w: 360, h: ph }, `Latency (${r.measure.split(' (')[0]})`, unit, sized, (row, id) => row.median[id]));
    body.push(linePanel({ x: 560, y, w: 360, h: ph }, 'Bandwidth (MB/s)', 'MB/s', sized, (row, id) => {
      const v = row.median[id];
      return v === undefined ? undefined : row.bytes / v;
    }));
    y += ph + 70;
  }
  const bars = lines ? others : r.rows;
  if (bars.length > 0) {
    const ph = Math.max(80, bars.length * 60);
    body.push(barPanel({ x: 40, y, w: W - 120, h: ph }, lines ? 'Other cases' : r.measure, unit, bars));
    y += ph + 60;
  }
  const ids = IDS.filter((id) => r.rows.some((row) => row.median[id] !== undefined));
  const legend = ids.map((id, i) => `<rect x="${80 + i * 130}" y="${y - 14}" width="14" height="14" fill="${COLOUR[id]}"/>` +
    `<text x="${100 + i * 130}" y="${y - 2}">${LABEL[id]}</text>`).join('');
  const np = Array.isArray(r.np) ? r.np.join(', ') : String(r.np);
  const title = `mpi4js bench ${r.bench}: ${r.mpi.name} ${r.mpi.version}, ${np} processes, Node ${r.node}`;
  const sub = `${r.date.slice(0, 10)}, median of ${r.rounds} rounds, load average ${r.machine.loadBefore[0]} (${r.machine.cpus} CPUs)`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y + 20}" viewBox="0 0 ${W} ${y + 20}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="white"/>
<text x="${W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>
<text x="${W / 2}" y="40" text-anchor="middle" fill="#555">${esc(sub)}</text>
${body.join('\n')}
${legend}
</svg>
`;
}
