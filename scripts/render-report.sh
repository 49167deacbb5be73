#!/usr/bin/env bash
# Renders an .xlsx report or its .docx Word document to PDF, then one PNG per page, with LibreOffice
# headless: a picture of what a person will print. Needs `libreoffice-calc-nogui` (.xlsx),
# `libreoffice-writer-nogui` (.docx) and `poppler-utils`
# (apt-get install -y libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-liberation).
# Times New Roman is replaced by the metric-compatible Liberation Serif when it is not installed.
#
#   scripts/render-report.sh report.xlsx|report.docx [out-dir] [dpi]
#   -> out-dir/report.pdf, out-dir/report-1.png, report-2.png ...
set -euo pipefail

if [ $# -lt 1 ] || [ ! -f "$1" ]; then
  echo "Cách dùng / usage: $0 report.xlsx|report.docx [out-dir] [dpi]" >&2
  exit 2
fi
input="$1"
out="${2:-$(dirname "$input")/render}"
dpi="${3:-60}"
mkdir -p "$out"
base="$(basename "${input%.*}")"

# A private profile: no clash with another LibreOffice running, no first-start dialogs.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
soffice -env:UserInstallation="file://$profile" --headless --norestore --convert-to pdf --outdir "$out" "$input" >/dev/null
rm -f "$out/$base"-*.png
pdftoppm -png -r "$dpi" "$out/$base.pdf" "$out/$base"
ls "$out/$base".pdf "$out/$base"-*.png
