#!/usr/bin/env bash
# `make windows-check`: the Windows build, run here under Wine. The CLI must
# give the same results as the Linux build (the PDFs byte for byte), and the
# installer must install silently into a Wine prefix with the expected files
# and uninstall cleanly, leaving the member's data folder. The app's window
# cannot be tested here: Wine has no WebView2 runtime.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" = 0 ]; then
    command -v wine >/dev/null || apt-get install -y --no-install-recommends wine64 wine
fi
command -v wine >/dev/null || { echo "Thiếu Wine: hãy cài wine64 (apt-get install wine64 wine)." >&2; exit 1; }
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
setup="dist/CamKet_${version}_x64-setup.exe"
[ -f "$setup" ] || scripts/windows.sh
files=target/windows/files

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WINEPREFIX="$work/wine" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
wineboot -i >/dev/null 2>&1 || true

# The CLI beside the test-only stand-in DLL (the search order finds it first).
mkdir -p "$work/cli"
cp "$files/camket.exe" "$work/cli/"
x86_64-w64-mingw32-gcc-posix -shared -O2 -o "$work/cli/bcryptprimitives.dll" packaging/windows/bcryptprimitives.c
cargo build --quiet --bin camket
linux=target/debug/camket
win() { wine "$work/cli/camket.exe" "$@"; }

fail=0
check() { if "$@"; then echo "  đạt: $*"; else echo "  KHÔNG ĐẠT: $*"; fail=1; fi; }

echo "camket.exe demo và demo branch: cùng kết quả với bản Linux"
win demo --year 2026 --out "$(winepath -w "$work/w-demo")" >/dev/null
"$linux" demo --year 2026 --out "$work/l-demo" >/dev/null
for f in ke-hoach-ca-nhan.pdf ban-cam-ket.pdf; do
    check cmp -s "$work/w-demo/$f" "$work/l-demo/$f"
done
win demo branch --year 2026 --members 3 --out "$(winepath -w "$work/w-branch")" >/dev/null
"$linux" demo branch --year 2026 --members 3 --out "$work/l-branch" >/dev/null
for f in "$work"/l-branch/*.pdf; do
    check cmp -s "$f" "$work/w-branch/$(basename "$f")"
done
# The pattern as a Windows command prompt passes it: camket expands it.
verdict=$(win verify "$(winepath -w "$work/w-branch")\\*.pdf" 2>&1 | tr -d '\r') || { echo "$verdict"; fail=1; }
check test "$(grep -c 'HỢP LỆ' <<<"$verdict")" -eq 6
tampered="$work/hong.pdf"
cp "$work/l-branch/$(ls "$work/l-branch" | head -n 1)" "$tampered"
printf 'x' | dd of="$tampered" bs=1 seek=2000 conv=notrunc status=none
check bash -c "! wine '$work/cli/camket.exe' verify '$(winepath -w "$tampered")' >/dev/null 2>&1"

echo "Bộ cài: cài im lặng, đủ tệp, gỡ sạch, giữ dữ liệu"
wine "$setup" /S
local_app=$(winepath -u "$(wine cmd /c 'echo %LOCALAPPDATA%' | tr -d '\r')")
roaming=$(winepath -u "$(wine cmd /c 'echo %APPDATA%' | tr -d '\r')")
installed="$local_app/Programs/CamKet"
for f in cam-ket.exe camket.exe WebView2Loader.dll go-cai-dat.exe; do
    check test -f "$installed/$f"
done
check test -f "$roaming/Microsoft/Windows/Start Menu/Programs/Cam Kết/Cam Kết.lnk"
check bash -c "wine reg query 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\CamKet' /v DisplayName 2>/dev/null | grep -q 'Cam'"
# The member's data, which uninstalling must leave.
mkdir -p "$roaming/vn.camket.app"
echo "du lieu" >"$roaming/vn.camket.app/cam-ket.sqlite3"
wine "$installed/go-cai-dat.exe" /S
for _ in $(seq 60); do [ -e "$installed/cam-ket.exe" ] || break; sleep 1; done
check test ! -e "$installed/cam-ket.exe"
check test ! -e "$installed/camket.exe"
check test ! -e "$roaming/Microsoft/Windows/Start Menu/Programs/Cam Kết"
check test -f "$roaming/vn.camket.app/cam-ket.sqlite3"
check bash -c "! wine reg query 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\CamKet' >/dev/null 2>&1"

if [ "$fail" = 0 ]; then echo "windows-check: đạt."; else echo "windows-check: KHÔNG ĐẠT." >&2; exit 1; fi
