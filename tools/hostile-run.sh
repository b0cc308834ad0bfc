#!/usr/bin/env bash
# Makes a hostile copy of a finished `rein2 train` run and of a `reproduce meta` run for the browser
# check: the payloads a tampered run directory could carry (script tags, event handlers, javascript:
# URLs, external images and frames, SVG <set>/<animate> on href, CSS url()). `rein2 report` must
# render them as inert text; tools/BrowserCheck then sees no dialog, no script and no request.
#   tools/hostile-run.sh TRAIN_DIR META_DIR OUT_DIR   →   OUT_DIR/train, OUT_DIR/meta
set -euo pipefail
train="$1" meta="$2" out="$3"
mkdir -p "$out"
cp -r "$train" "$out/train"; cp -r "$meta" "$out/meta"
rm -f "$out/train/report.html" "$out/meta/report.html" "$out/train/.lock" "$out/meta/.lock"
# summary.json: numbers become markup strings (sed: the files are written one key per line)
sed -i -E \
  -e 's|^(  "episodes": ).*,$|\1"<script>alert(1)</script>",|' \
  -e 's|^(  "best_step": ).*,$|\1"\\"><img src=x onerror=alert(2)>",|' \
  -e 's|^(  "final_eval_episodes": ).*,$|\1"<svg onload=alert(3)><iframe src=https://evil.example/>",|' \
  "$out/train/summary.json"
grep -q 'alert(1)' "$out/train/summary.json" && grep -q 'onerror=alert(2)' "$out/train/summary.json" \
  || { echo "hostile-run: summary.json did not take the payloads"; exit 1; }
cat > "$out/meta/evil.svg" <<'SVG'
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 20" onload="alert('svg')">
  <script>alert('script')</script>
  <rect width="100" height="20" fill="#eee" onclick="alert('click')" style="fill:url(https://evil.example/s)"/>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/frame"></iframe></foreignObject>
  <image href="https://evil.example/img.png" width="5" height="5"/>
  <a href="javascript:alert('a')"><text x="2" y="14">an SVG from the run directory, allow-listed</text></a>
  <set attributeName="href" to="javascript:alert('set')"/>
  <animate attributeName="href" values="javascript:alert('animate')" dur="1s"/>
</svg>
SVG
for f in "$out"/meta/meta-*.svg; do cp "$out/meta/evil.svg" "$f"; done
printf '\n![evil](evil.svg)\n\n![outside](../train/report.html.svg)\n\n**<script>alert(4)</script>** `<img src=x onerror=alert(5)>`\n' >> "$out/meta/meta.md"
sed -i -E '0,/^## /s|^## ([A-Za-z-]+-v[0-9])|## \1" onmouseover="alert(6)|' "$out/meta/meta.md"
