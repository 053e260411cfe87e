#!/usr/bin/env bash
# Make sure a CJK font is installed so matplotlib renders Chinese labels (no empty boxes).
# Uses Debian's fonts-noto-cjk (SIL Open Font License). Never fails the set-up: without a
# CJK font, ipstats falls back to English labels and says so once.
set -u
if command -v fc-list >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing a CJK font (fonts-noto-cjk) for Chinese chart labels..."
  (apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1 ||
     (apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq fonts-noto-cjk >/dev/null 2>&1)) ||
    echo "warning: could not install fonts-noto-cjk; charts will use English labels."
else
  echo "note: no CJK font found. Install one (Debian/Ubuntu: sudo apt-get install fonts-noto-cjk)"
  echo "      for Chinese chart labels; until then charts use English labels."
fi
exit 0
