# The two commands of the README: `make run` and `make test`. Each installs
# what it needs first (scripts/ensure-deps.sh).

DEMO_OUT ?= out/demo

.PHONY: run test deps bench bench-demo

deps:
	@scripts/ensure-deps.sh

run: deps
	cargo build --bin camket
	@echo
	@echo "Cam Kết: ứng dụng máy tính đang được xây dựng; hiện chạy bản in mẫu (camket demo)."
	@./target/debug/camket demo --out "$(DEMO_OUT)"
	@echo "Hai văn bản mẫu (PDF) đã được ghi vào thư mục $(DEMO_OUT)/ ở trên."

test: deps
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test

# Not part of `make test`: timings are measured, never asserted.
bench: deps
	cargo bench --bench render

bench-demo: deps
	cargo build --release --bin camket
	python3 scripts/bench-demo.py 15
