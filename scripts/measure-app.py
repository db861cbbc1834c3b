#!/usr/bin/env python3
"""Measures the desktop app as a member meets it, under a virtual display:
time from launch to the first screen, the autosave round trip (the save call
from the webview to the committed row, after the typing pause), and the idle
resident memory of the app with its WebKit processes.

Usage: xvfb-run -a scripts/measure-app.py [APP_BINARY]   (default target/debug/cam-ket)
Needs tauri-driver and WebKitWebDriver (make test installs both).
"""
import json, os, shutil, socket, statistics, subprocess, sys, tempfile, time, urllib.request

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
app = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "target", "debug", "cam-ket"))
driver_bin = shutil.which("tauri-driver") or os.path.expanduser("~/.cargo/bin/tauri-driver")

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

def call(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return json.loads(r.read() or b"{}")

def field_kib(path, name):
    """A `Name:  123 kB` line of a /proc file (0 once the process is gone)."""
    try:
        with open(path) as f:
            return next(int(l.split()[1]) for l in f if l.startswith(name + ":"))
    except (OSError, StopIteration):
        return 0

rss_kib = lambda pid: field_kib(f"/proc/{pid}/status", "VmRSS")
# Proportional share: a page shared by n processes counts 1/n in each.
pss_kib = lambda pid: field_kib(f"/proc/{pid}/smaps_rollup", "Pss")

def software_gl_kib(pid):
    """Resident pages of Mesa's software OpenGL (libLLVM and the swrast driver)
    in the app process: 0 while the app keeps OpenGL out of it (src-tauri/src/main.rs)."""
    total, name = 0, ""
    try:
        with open(f"/proc/{pid}/smaps") as f:
            for line in f:
                head = line.split()
                if "-" in head[0] and len(head) >= 5 and not head[0].endswith(":"):
                    name = head[5] if len(head) > 5 else ""
                elif head[0] == "Rss:" and ("libLLVM" in name or "/dri/" in name):
                    total += int(head[1])
    except OSError:
        pass
    return total

def descendants(pid):
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(p) for p in out] + [d for p in out for d in descendants(int(p))]

data = tempfile.mkdtemp()
port, native = free_port(), free_port()
env = dict(os.environ, XDG_DATA_HOME=data)
driver = subprocess.Popen([driver_bin, "--port", str(port), "--native-port", str(native)], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"
try:
    for _ in range(200):
        try:
            call("GET", f"{base}/status"); break
        except OSError:
            time.sleep(0.05)
    caps = {"capabilities": {"alwaysMatch": {"tauri:options": {"application": app}}}}
    t0 = time.perf_counter()
    sid = call("POST", f"{base}/session", caps)["value"]["sessionId"]
    s = f"{base}/session/{sid}"
    script = lambda body, args=[]: call("POST", f"{s}/execute/sync", {"script": body, "args": args})["value"]
    while not script("return !!document.querySelector('main h1')"):
        time.sleep(0.01)
    first_screen = time.perf_counter() - t0

    # A document to save into, through the app's own commands.
    doc = call("POST", f"{s}/execute/async", {"script": """
        const done = arguments[arguments.length - 1];
        window.__TAURI_INTERNALS__.invoke('open_document', {year: 2026, kind: 'ke-hoach'}).then(done, e => done({error: e}));
    """, "args": []})["value"]
    times = call("POST", f"{s}/execute/async", {"script": """
        const [id, done] = [arguments[0], arguments[arguments.length - 1]];
        (async () => {
          let rev = 0; const t = [];
          for (let i = 0; i < 200; i++) {
            const start = performance.now();
            rev = await window.__TAURI_INTERNALS__.invoke('save_answer',
              {id, section: 'hoc_tap', answer: {type: 'text', value: 'Học tập chuyên đề năm, lần ' + i}, baseRevision: rev});
            t.push(performance.now() - start);
          }
          return t;
        })().then(done, e => done({error: String(e)}));
    """, "args": [doc["id"]]})["value"]
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]

    time.sleep(5)
    pid = int(subprocess.run(["pgrep", "-f", app], capture_output=True, text=True).stdout.split()[0])
    app_rss = rss_kib(pid) / 1024
    everything = [pid] + descendants(pid)
    all_rss = sum(rss_kib(p) for p in everything) / 1024
    all_pss = sum(pss_kib(p) for p in everything) / 1024
    gl = software_gl_kib(pid) / 1024
    print(f"first screen (WebDriver session start to the first screen): {first_screen*1000:.0f} ms")
    print(f"autosave round trip (webview -> committed row), 200 saves: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
    print(f"idle resident memory: app process {app_rss:.0f} MiB (of which Mesa's software OpenGL {gl:.0f} MiB); "
          f"with its WebKit processes {all_rss:.0f} MiB (proportional share {all_pss:.0f} MiB)")
    call("DELETE", s)
finally:
    driver.terminate()
    driver.wait()
    shutil.rmtree(data, ignore_errors=True)
