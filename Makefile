# sweepstat — see README.md.
GO ?= go
# Packages with golden files (they declare the -update flag).
GOLDEN_PKGS = ./internal/report ./internal/chart ./cmd/sweepstat

.PHONY: all build test golden bench lint validate demo fuzz clean

# Fuzz targets of the input parsers, the flag syntaxes and the whole
# pipeline: package:target.
FUZZ = ./internal/llmbench:FuzzParse ./internal/llmbench:FuzzKnobsFromCommand ./internal/llmbench:FuzzSidecar \
	./internal/benchfile:FuzzRead ./internal/benchfile:FuzzParse ./internal/benchfile:FuzzReadReference ./internal/mnndb:FuzzParseParams \
	./internal/llamabench:FuzzParseJSON ./internal/llamabench:FuzzParseCSV ./internal/llamabench:FuzzParseSQL \
	./internal/ingest:FuzzRead ./internal/sweepfile:FuzzParse ./internal/sweep:FuzzParseFilter \
	./cmd/sweepstat:FuzzFlags ./cmd/sweepstat:FuzzPipeline
FUZZTIME ?= 3s

all: build test

# No cgo: SQLite is modernc's, in Go. Without cgo the binary is static
# and starts about 0.6 ms sooner (no dynamic loader), which is a tenth of
# a `check` of the real database.
build:
	CGO_ENABLED=0 $(GO) build -o bin/sweepstat ./cmd/sweepstat

# The race run covers the concurrent parts: the workers, the split
# reads of mnndb on two connections (TestSplitBig and the others), and
# the benchfmt files built at once into records that share Tests
# (TestSharedTests, TestReadLabelledConcurrently); the 15 value cases of
# TestSplitValuesAsDriver add 85 s under -race and nothing concurrent that
# TestSplitBig does not, so they run in go test ./... only.
test:
	@$(MAKE) --no-print-directory lint # gofmt, then go vet
	@$(MAKE) --no-print-directory fuzz FUZZTIME=2000x FUZZ="$(filter-out ./cmd/sweepstat:FuzzPipeline,$(FUZZ))"
	$(GO) test ./...
	$(GO) test -race -run 'TestHugeValues|TestWorkerPanicIsError|TestSplit|TestSharedTests|TestReadLabelledConcurrently' -skip 'TestSplitValuesAsDriver' ./compare ./internal/analysis ./internal/mnndb ./internal/benchfile

# Each parser's fuzz target for FUZZTIME (2000 executions each in make test, a count
# rather than a duration so that a slow input cannot trip the deadline; try FUZZTIME=5m).
fuzz:
	@for f in $(FUZZ); do pkg=$${f%%:*}; target=$${f##*:}; \
		echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1s >/tmp/sweepstat-fuzz.log 2>&1 || { cat /tmp/sweepstat-fuzz.log; exit 1; }; \
		grep '^fuzz: elapsed' /tmp/sweepstat-fuzz.log | tail -1 | sed 's/^/  /'; \
	done

# Rewrite golden files; review `git diff` before committing.
golden:
	$(GO) test $(GOLDEN_PKGS) -update

# Speed and memory figures, side by side with the peers in one run and as
# ratios (nothing fails on a slow machine): Go benchmarks of the pieces;
# report on 131,072 and 1,048,576 generated results against the old pandas
# script (when OLD_SCRIPT names it) and a bare sqlite3 scan, on 1,000
# models against 4, check against sqlite3 (scripts/bench-report.sh);
# compare against benchstat on four shapes of benchfmt files
# (scripts/bench-compare.sh). Inputs are made once under $(BENCH_DIR).
BENCH_DIR ?= /tmp/sweepstat-bench
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	BENCH_DIR=$(BENCH_DIR) ./scripts/bench-report.sh
	BENCH_DIR=$(BENCH_DIR) ./scripts/bench-compare.sh

# The long statistical validation: the default gate's false-alarm rate on
# A/A sweeps with session offsets and its power against a 2% decode
# regression (2000 simulated sweeps shaped like task 3 per case, sequential
# and interleaved), then the per-test rates of the statistics package.
validate:
	$(GO) test ./internal/analysis -run TestValidateGate -validate -v -timeout 30m
	$(GO) test ./internal/stats -run Validate -validate -v -timeout 30m

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt: $$out"; exit 1; fi
	$(GO) vet ./...

# The built-in demo report, as README.md shows it.
demo:
	$(GO) run ./cmd/sweepstat report -out report

clean:
	rm -rf bin report
