#!/usr/bin/env python3
"""Times the whole `camket demo` process against LibreOffice converting the
anchor DOCX (bench/anchor-commitment.docx) to PDF, alternately in one run,
and prints the medians, their ratio, peak memory and output sizes.

Usage: scripts/bench-demo.py [ROUNDS]   (needs a release build and soffice)
"""
import os, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
camket = os.path.join(root, "target", "release", "camket")
anchor = os.path.join(root, "bench", "anchor-commitment.docx")
rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
soffice = shutil.which("soffice")
if not soffice:
    sys.exit("soffice not found: apt-get install libreoffice-writer-nogui")

def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start

out = tempfile.mkdtemp()
profile = tempfile.mkdtemp()  # LibreOffice's own profile, kept across runs as a user's would be
lo = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", anchor, "--outdir", out]
ours = [camket, "demo", "--out", out]
timed(lo)  # first start creates the profile; not counted
ts_ours, ts_lo = [], []
for _ in range(rounds):
    ts_ours.append(timed(ours))
    ts_lo.append(timed(lo))

def peak(cmd):
    r = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, capture_output=True, text=True, check=True)
    return int(r.stderr.strip().splitlines()[-1]) / 1024

m_ours, m_lo = statistics.median(ts_ours), statistics.median(ts_lo)
print(f"camket demo (3 PDFs):        median {m_ours*1000:.1f} ms, peak {peak(ours):.0f} MiB")
print(f"soffice --convert-to (1 PDF): median {m_lo*1000:.0f} ms, peak {peak(lo):.0f} MiB")
print(f"ratio: {m_lo/m_ours:.0f}x faster")
for name in ["ke-hoach-ca-nhan.pdf", "ban-cam-ket.pdf", "kiem-diem.pdf", "anchor-commitment.pdf"]:
    print(f"{name}: {os.path.getsize(os.path.join(out, name)) / 1024:.1f} KB")
