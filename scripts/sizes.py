#!/usr/bin/env python3
"""Counts Rust functions over 80 lines and source files over 400 lines."""
import re, sys, pathlib
root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
files = [p for d in ("src", "src-tauri/src", "src-tauri/tests", "tests", "benches") for p in (root / d).rglob("*.rs")]
files += [p for p in (root / "ui/src").rglob("*") if p.suffix in (".ts", ".svelte") and "bindings" not in p.parts]
long_files, long_fns = [], []
fn_re = re.compile(r"^\s*(pub(\([^)]*\))?\s+)?(async\s+)?(unsafe\s+)?(const\s+)?fn\s+(\w+)")
for p in files:
    text = p.read_text()
    lines = text.splitlines()
    if len(lines) > 400:
        long_files.append((len(lines), str(p.relative_to(root))))
    if p.suffix != ".rs":
        continue
    # Strings, chars and comments out, newlines kept, so braces are code.
    def blank(m): return re.sub(r"[^\n]", " ", m.group(0))
    pattern = r"""r(#*)".*?"\1|"(\\.|[^"\\])*"|'(\\.|[^'\\])'|//[^\n]*"""
    text = re.sub(pattern, blank, text, flags=re.S)
    code = text.splitlines()
    i = 0
    while i < len(lines):
        m = fn_re.match(lines[i])
        if m:
            depth, started, j = 0, False, i
            while j < len(lines):
                s = code[j]
                depth += s.count("{") - s.count("}")
                if "{" in s: started = True
                if started and depth <= 0: break
                if not started and s.rstrip().endswith(";"): break
                j += 1
            n = j - i + 1
            if started and n > 80:
                long_fns.append((n, f"{p.relative_to(root)}:{i+1} {m.group(6)}"))
            i = j + 1 if started else i + 1
        else:
            i += 1
print(f"files over 400 lines: {len(long_files)}")
for n, f in sorted(long_files, reverse=True): print(f"  {n:5} {f}")
print(f"functions over 80 lines: {len(long_fns)}")
for n, f in sorted(long_fns, reverse=True): print(f"  {n:5} {f}")
