#!/usr/bin/env bash
# Installs what building and testing Cam Kết needs and is missing: Debian
# packages with apt-get when running as root (otherwise prints the exact
# command), and the Rust components rustfmt and clippy.
set -euo pipefail

need=()
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)          # bundled SQLite is C
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)   # tests read the PDFs back
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)

if [ ${#need[@]} -gt 0 ]; then
  mapfile -t need < <(printf '%s\n' "${need[@]}" | sort -u)
  if [ "$(id -u)" = 0 ]; then
    echo "Cài đặt gói hệ thống: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}"
  else
    echo "Thiếu gói hệ thống. Hãy chạy:"
    echo "  sudo apt-get install -y ${need[*]}"
    exit 1
  fi
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Chưa có Rust (cargo). Cài theo hướng dẫn tại rustup.rs rồi chạy lại." >&2
  exit 1
fi
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    rustup component add "$component"
  fi
done
