#!/usr/bin/env bash
# Times ký số with a SoftHSM2 token (release build): `camket sign-pdf` as a
# whole process (module loaded, certificates listed, PIN given from a file,
# signed, file written), and `camket verify` of 50 signed files against the
# same 50 files unsigned. Needs what scripts/ensure-deps.sh installs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin camket
camket=$PWD/target/release/camket
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir tokens plain signed
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$work" > softhsm2.conf
export SOFTHSM2_CONF=$work/softhsm2.conf
module=$(ls /usr/lib/softhsm/libsofthsm2.so /usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so 2>/dev/null | head -1)
softhsm2-util --init-token --free --label bench --pin 1234 --so-pin 5678 >/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -subj "/CN=Bench Root" \
  -addext "basicConstraints=critical,CA:TRUE" 2>/dev/null
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out member.key 2>/dev/null
openssl req -new -key member.key -out member.csr -subj "/CN=Bench Member" 2>/dev/null
printf 'basicConstraints=CA:FALSE\n' > ext.cnf
openssl x509 -req -in member.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out member.pem -days 365 -extfile ext.cnf 2>/dev/null
openssl x509 -in member.pem -outform DER -out member.der
openssl x509 -in ca.pem -outform DER -out ca.der
softhsm2-util --import member.key --token bench --label m --id 01 --pin 1234 >/dev/null
for f in member.der:01 ca.der:02; do
  pkcs11-tool --module "$module" --token-label bench --login --pin 1234 --write-object "${f%%:*}" --type cert --id "${f##*:}" >/dev/null 2>&1
done
echo 1234 > pin
"$camket" demo branch --out plain --members 25 >/dev/null
ms() { python3 -c "import time,subprocess,sys; t=time.perf_counter(); subprocess.run(sys.argv[1:],check=True,stdout=subprocess.DEVNULL); print(f'{(time.perf_counter()-t)*1000:.1f}')" "$@"; }
times=()
for f in plain/*.pdf; do
  times+=("$(ms "$camket" sign-pdf "$f" --out "signed/$(basename "$f")" --pkcs11 "$module" --pin-file pin)")
done
echo "sign-pdf, whole process, 50 files (ms): min $(printf '%s\n' "${times[@]}" | sort -n | head -1), median $(printf '%s\n' "${times[@]}" | sort -n | sed -n 25p), max $(printf '%s\n' "${times[@]}" | sort -n | tail -1)"
for round in 1 2 3; do
  echo "verify 50 files, round $round: unsigned $(ms "$camket" verify plain) ms, signed $(ms "$camket" verify signed --root ca.pem) ms"
done
