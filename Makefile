# The README's two commands are `make run` and `make test`; each installs what
# it needs first (scripts/ensure-deps.sh).

.PHONY: run test build package deps ui bindings bench bench-demo screenshots windows windows-check

deps:
	@scripts/ensure-deps.sh

ui: deps
	cd ui && npm run build

build: ui
	cargo build -p cam-ket-app

run: build
	./target/debug/cam-ket

package: ui
	cd src-tauri && ../ui/node_modules/.bin/tauri build --bundles deb

# The UI's TypeScript types come from the Rust types, and the command names
# and the window's capability from src-tauri/src/commands.rs (written by
# src-tauri/build.rs); a stale copy fails the test.
bindings:
	cargo test --quiet --features ts export_bindings
	cargo build --quiet -p cam-ket-app
	git diff --exit-code -- ui/src/bindings src-tauri/capabilities

test: ui
	@scripts/ensure-deps.sh --e2e
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(MAKE) bindings
	cd ui && npm run check && npm test
	cargo test
	xvfb-run -a cargo test -p cam-ket-app -- --test-threads=1

screenshots: ui
	@scripts/ensure-deps.sh --e2e
	CAMKET_SCREENSHOTS=$(CURDIR)/docs/screenshots xvfb-run -a cargo test -p cam-ket-app --test e2e -- --test-threads=1 --skip opengl

# Not part of `make test`: timings are measured, never asserted.
bench: deps
	cargo bench --bench render --bench verify --bench branch --bench word

bench-demo: deps
	cargo build --release --bin camket
	python3 scripts/bench-demo.py 15

# The Windows installer, cross-built here (not part of `make test`: 15–20 min).
windows: ui
	scripts/windows.sh

# The Windows build under Wine: the CLI's results and the installer.
windows-check: windows
	scripts/windows-check.sh
