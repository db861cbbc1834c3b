#!/usr/bin/env bash
# `make windows`: the Windows app and CLI, cross-built here with Debian's
# MinGW, and the installer from our own NSIS script. Installs what it needs
# (the rustup target; MinGW and NSIS with apt-get when root).
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET=x86_64-pc-windows-gnu
need() {
    local command=$1
    shift
    command -v "$command" >/dev/null && return
    if [ "$(id -u)" = 0 ]; then
        apt-get install -y --no-install-recommends "$@"
    else
        echo "Thiếu $command: hãy cài $* (sudo apt-get install $*)." >&2
        exit 1
    fi
}
rustup target list --installed | grep -qx "$TARGET" || rustup target add "$TARGET"
need x86_64-w64-mingw32-gcc-posix gcc-mingw-w64-x86-64-posix g++-mingw-w64-x86-64-posix
need makensis nsis

start=$(date +%s)
cargo build --release --target "$TARGET" -p camket --bin camket
cargo build --release --target "$TARGET" -p cam-ket-app
built=$(date +%s)

release="target/$TARGET/release"
dist=target/windows/files
rm -rf "$dist" && mkdir -p "$dist" dist
cp "$release/cam-ket.exe" "$release/camket.exe" "$dist/"
# The WebView2 loader the webview2-com crate ships for the GNU target.
loader=$(find "$release/build" -name WebView2Loader.dll -path '*x64*' | head -n 1)
[ -n "$loader" ] || { echo "Không tìm thấy WebView2Loader.dll trong $release/build." >&2; exit 1; }
cp "$loader" "$dist/"

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
out="dist/CamKet_${version}_x64-setup.exe"
makensis -V2 -DVERSION="$version" -DDIST="$PWD/$dist" -DOUT="$PWD/$out" -DICON="$PWD/icons/icon.ico" \
    packaging/windows/cam-ket.nsi
echo "Đã ghi $out ($(du -k "$out" | cut -f1) KB; bản dựng $((built - start)) giây)."
ls -l "$dist"
