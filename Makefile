# Partner Desk: `make run` builds and launches the app, `make test` runs every
# test layer. Both install what they need first and can be run again safely.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

# One feature set for every cargo step, so the app is compiled once: the front
# end is embedded (custom-protocol), never loaded from a dev server.
FEATURES := --features custom-protocol
APP := target/debug/partner-desk
UI_STAMP := ui/node_modules/.install-stamp
UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/tsconfig.json -type f 2>/dev/null)

.PHONY: run test deps deps-test ui app check-display lint unit e2e test-e2e bindings deb dev cli clean tauri-cli bench fuzz

run: check-display deps app
	$(APP) $(if $(DATA_DIR),--data-dir $(DATA_DIR))

check-display:
	@if [ -z "$${DISPLAY:-}" ] && [ -z "$${WAYLAND_DISPLAY:-}" ]; then \
	  echo "No display found. On a machine without a screen run: xvfb-run make run" >&2; exit 1; fi

test: deps-test ui lint unit e2e
	@echo "All test layers passed."

deps:
	@scripts/install-deps.sh build

deps-test:
	@scripts/install-deps.sh test

$(UI_STAMP): ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

ui/dist/index.html: $(UI_STAMP) $(UI_SOURCES)
	cd ui && npm run build

ui: ui/dist/index.html

app: ui
	cargo build $(FEATURES) --bin partner-desk

cli:
	cargo build -p partner-desk-cli

lint: $(UI_STAMP)
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets $(FEATURES) -- -D warnings
	cd ui && npm run typecheck && npm run lint

# Tests run with HOME and XDG dirs in a sandbox, so a test that forgot to
# override the data dir cannot reach the real one; the check after proves none did.
TEST_HOME := $(CURDIR)/target/test-home
unit: ui
	rm -rf $(TEST_HOME) && mkdir -p $(TEST_HOME)
	env -u PARTNER_DESK_DATA_DIR XDG_DATA_HOME=$(TEST_HOME)/data CARGO_HOME=$${CARGO_HOME:-$(HOME)/.cargo} \
	  RUSTUP_HOME=$${RUSTUP_HOME:-$(HOME)/.rustup} HOME=$(TEST_HOME) \
	  cargo test --workspace $(FEATURES)
	cd ui && npm test
	@if [ -e $(TEST_HOME)/data/com.partnerdesk.app ]; then \
	  echo "A test wrote to the default data dir instead of its own." >&2; exit 1; fi

e2e test-e2e: app
	@scripts/install-deps.sh test
	mkdir -p tests/e2e/artifacts
	NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 PARTNER_DESK_E2E_APP=$(CURDIR)/$(APP) \
	  dbus-run-session -- xvfb-run -a -s "-screen 0 1400x900x24" \
	  cargo test $(FEATURES) --test e2e -- --ignored --test-threads=1

# Benchmarks (not part of `make test`), release build, figures and how to
# read them in BENCHMARKS.md:
# - a 1 GiB Partner Desk export, written once, imported into a fresh profile:
#   peak memory in target/bench/import-1gb.json;
# - the distributor dataset at 10 %, 50 % and 100 % (written once per scale):
#   import beside the bare-insert and sqlite3 .import baselines, query
#   percentiles (target/bench/run-<scale>.json);
# - the release app on the 100 % profile under Xvfb: cold start, IPC round
#   trip, resident memory (target/bench/app.json);
# then target/bench/report.json and the tables (target/bench/report.md).
BENCH := target/release/partner-desk-bench
BENCH_OUT := target/bench
BENCH_FILE := $(BENCH_OUT)/export-1gb.json
BENCH_SCALES ?= 0.1,0.5,1.0
bench: deps ui
	@scripts/install-deps.sh test
	cargo build --release -p partner-desk-bench
	cargo build --release $(FEATURES) --bin partner-desk
	mkdir -p $(BENCH_OUT)
	[ -s $(BENCH_FILE) ] || $(BENCH) make-export $(BENCH_FILE) --megabytes 1024
	$(BENCH) import $(BENCH_FILE) | tee $(BENCH_OUT)/import-1gb.json
	$(BENCH) suite --out $(BENCH_OUT) --scales $(BENCH_SCALES) --seed 1
	NO_AT_BRIDGE=1 WEBKIT_DISABLE_COMPOSITING_MODE=1 \
	  dbus-run-session -- xvfb-run -a -s "-screen 0 1400x900x24" \
	  $(BENCH) app --app target/release/partner-desk --data-dir $(BENCH_OUT)/work-1.0/data | tee $(BENCH_OUT)/app.json
	$(BENCH) report --out $(BENCH_OUT) | tee $(BENCH_OUT)/report.md

# Fuzzing (not part of `make test`): each import reader for FUZZ_SECONDS on the
# nightly toolchain, seeded with the fixtures; the corpus grows in
# fuzz/corpus/<target>, crashes land in fuzz/artifacts/<target>, logs (with the
# executions count) in fuzz/logs/. Figures: docs/reliability.md.
FUZZ_SECONDS ?= 300
FUZZ_TARGETS := rest_json graph_gdap portal_csv reconciliation own_export text detect
FIXTURES := $(CURDIR)/tests/fixtures
fuzz_seeds_rest_json := rest export-folder malformed
fuzz_seeds_graph_gdap := graph malformed
fuzz_seeds_portal_csv := portal malformed
fuzz_seeds_reconciliation := reconciliation malformed
fuzz_seeds_own_export := own diff malformed
fuzz_seeds_text := portal malformed
fuzz_seeds_detect := .
fuzz:
	@command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
	mkdir -p fuzz/logs
	$(foreach t,$(FUZZ_TARGETS),mkdir -p fuzz/corpus/$(t) && \
	  (cd fuzz && cargo +nightly fuzz run $(t) corpus/$(t) $(addprefix $(FIXTURES)/,$(fuzz_seeds_$(t))) -- \
	    -max_total_time=$(FUZZ_SECONDS) -timeout=10 -max_len=65536 -print_final_stats=1) 2>&1 | tee fuzz/logs/$(t).log | grep -E "^(Done|stat::number_of_executed_units|==|SUMMARY)" ;)
	@grep -H "stat::number_of_executed_units" fuzz/logs/*.log

# Rewrites ui/src/generated/bindings.ts from the Rust types.
bindings:
	UPDATE_BINDINGS=1 cargo test $(FEATURES) --test bindings

# The Tauri CLI comes from crates.io (its npm package needs per-platform
# binaries the registry here does not serve).
tauri-cli:
	@command -v cargo-tauri >/dev/null 2>&1 || cargo install tauri-cli --version "^2" --locked

# A release .deb under target/release/bundle/deb/ (works offline).
deb: deps tauri-cli $(UI_STAMP)
	cargo tauri build --bundles deb

# The app against the Vite dev server, with hot reload.
dev: check-display deps tauri-cli $(UI_STAMP)
	cargo tauri dev

clean:
	cargo clean
	rm -rf ui/dist ui/node_modules
