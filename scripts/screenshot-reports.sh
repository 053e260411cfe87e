#!/usr/bin/env bash
# Look at rendered reports the way readers do: headless Chromium screenshots at 1280 px and
# 414 px (phone) and a print-to-PDF, one of each page kind per language, or of the pages given.
#
#   scripts/screenshot-reports.sh [REPORTS_DIR] [OUT_DIR] [PAGE.html ...]
#
# REPORTS_DIR defaults to reports/, OUT_DIR to /tmp/ipstats-shots (screenshots are not kept in
# the repository). Needs `chromium` (apt-get install chromium) and, for PDF pages as PNG,
# `pdftoppm` (poppler-utils).
set -euo pipefail
reports="${1:-reports}"
out="${2:-/tmp/ipstats-shots}"
shift $(( $# > 2 ? 2 : $# ))
mkdir -p "$out"
if [ $# -gt 0 ]; then
  pages=("$@")
else
  pages=("$reports/index.html")
  for lang in zh en; do
    for kind in "$reports/$lang"/*/; do
      first=$(ls "$kind"*.html 2>/dev/null | head -1 || true)
      [ -n "$first" ] && pages+=("$first")
    done
  done
fi
shoot() {  # shoot WIDTH HEIGHT PAGE PNG
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --window-size="$1,$2" --screenshot="$4" "file://$(realpath "$3")" >/dev/null 2>&1
}
for page in "${pages[@]}"; do
  rel=$(realpath --relative-to="$reports" "$page")
  name=$(echo "${rel%.html}" | tr '/' '_')
  shoot 1280 2400 "$page" "$out/$name-1280.png"
  shoot 414 2400 "$page" "$out/$name-414.png"
  chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
    --print-to-pdf="$out/$name.pdf" "file://$(realpath "$page")" >/dev/null 2>&1
  if command -v pdftoppm >/dev/null; then
    pdftoppm -png -r 50 -l 3 "$out/$name.pdf" "$out/$name-print"
  fi
  echo "$page -> $out/$name-{1280,414}.png, $name.pdf"
done
