#!/usr/bin/env bash
# Installs what building and testing Cam Kết needs and is missing: Debian
# packages with apt-get when running as root (otherwise prints the exact
# command), and the Rust components rustfmt and clippy.
set -euo pipefail

need=()
command -v cc >/dev/null 2>&1 || need+=(gcc libc6-dev)          # bundled SQLite is C
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)   # tests read the PDFs back
command -v pdffonts >/dev/null 2>&1 || need+=(poppler-utils)
# The Word files are opened by LibreOffice in the tests (made into PDF, written
# again as .docx), with fonts of Times New Roman's metrics.
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
[ -e /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)            # the UI is built with Vite
# Ký số is tested against a real PKCS#11 token (SoftHSM2), with certificates
# made by openssl and written to the token by pkcs11-tool; pyHanko checks the
# signatures from a virtual environment made below.
command -v softhsm2-util >/dev/null 2>&1 || need+=(softhsm2)
command -v pkcs11-tool >/dev/null 2>&1 || need+=(opensc)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
python3 -c "import venv, ensurepip" >/dev/null 2>&1 || need+=(python3-venv)
# The desktop app (Tauri 2 on WebKitGTK), and driving it under a virtual display.
pkg-config --exists webkit2gtk-4.1 2>/dev/null || need+=(libwebkit2gtk-4.1-dev libxdo-dev libssl-dev librsvg2-dev pkg-config)
command -v pkg-config >/dev/null 2>&1 || need+=(pkg-config)
command -v xvfb-run >/dev/null 2>&1 || need+=(xvfb xauth)
command -v WebKitWebDriver >/dev/null 2>&1 || need+=(webkit2gtk-driver)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)           # types into the native file dialogs in tests
# Telex typed through the system input method (IBus + Unikey) in the end-to-end tests.
command -v ibus-daemon >/dev/null 2>&1 || need+=(ibus)
[ -e /usr/share/ibus/component/unikey.xml ] || need+=(ibus-unikey)
ls /usr/lib/*/gtk-3.0/3.0.0/immodules/im-ibus.so >/dev/null 2>&1 || need+=(ibus-gtk3)
command -v dbus-daemon >/dev/null 2>&1 || need+=(dbus-daemon)
command -v gsettings >/dev/null 2>&1 || need+=(libglib2.0-bin)     # chooses Telex or VNI
[ -x /usr/libexec/dconf-service ] || need+=(dconf-service)

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

# pyHanko, an independent PDF signature validator, for the ký số tests.
venv=target/pyhanko
if [ ! -x "$venv/bin/pyhanko" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pyHanko==0.38.0 pyhanko-certvalidator==0.33.0
fi

# tauri-driver: the WebDriver front of the real app in the end-to-end tests.
if [ "${1:-}" = "--e2e" ] && ! command -v tauri-driver >/dev/null 2>&1 && [ ! -x "${CARGO_HOME:-$HOME/.cargo}/bin/tauri-driver" ]; then
  cargo install tauri-driver --version 2.1.0 --locked
fi

# The UI's packages, from the lock file, when they are missing or older than it.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  (cd ui && npm ci --no-audit --no-fund)
fi
