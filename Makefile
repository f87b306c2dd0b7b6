# sweepstat — see README.md.
GO ?= go
# Packages with golden files (they declare the -update flag).
GOLDEN_PKGS = ./internal/report ./internal/chart ./cmd/sweepstat

.PHONY: all build test golden bench lint validate demo fuzz clean

# Fuzz targets of the input parsers, the flag syntaxes and the whole
# pipeline: package:target.
FUZZ = ./internal/llmbench:FuzzParse ./internal/llmbench:FuzzKnobsFromCommand ./internal/llmbench:FuzzSidecar \
	./internal/benchfile:FuzzRead ./internal/benchfile:FuzzParse \
	./internal/llamabench:FuzzParseJSON ./internal/llamabench:FuzzParseCSV ./internal/llamabench:FuzzParseSQL \
	./internal/ingest:FuzzRead ./internal/sweepfile:FuzzParse ./internal/sweep:FuzzParseFilter \
	./cmd/sweepstat:FuzzFlags ./cmd/sweepstat:FuzzPipeline
FUZZTIME ?= 3s

all: build test

build:
	$(GO) build -o bin/sweepstat ./cmd/sweepstat

test:
	$(GO) vet ./...
	@$(MAKE) --no-print-directory fuzz FUZZTIME=3s
	$(GO) test ./...
	$(GO) test -race -run 'TestHugeValues|TestWorkerPanicIsError' ./compare ./internal/analysis

# Each parser's fuzz target for FUZZTIME (3s in make test; try FUZZTIME=5m).
fuzz:
	@for f in $(FUZZ); do pkg=$${f%%:*}; target=$${f##*:}; \
		echo "fuzz $$pkg $$target ($(FUZZTIME))"; \
		$(GO) test $$pkg -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 1s >/tmp/sweepstat-fuzz.log 2>&1 || { cat /tmp/sweepstat-fuzz.log; exit 1; }; \
	done

# Rewrite golden files; review `git diff` before committing.
golden:
	$(GO) test $(GOLDEN_PKGS) -update

# Speed and memory figures (Go benchmarks; nothing fails on a slow machine):
# the report against the old pandas script's 6.4 s / 325 MB, and compare
# against benchstat side by side on a million samples.
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	./scripts/bench-report.sh
	./scripts/bench-compare.sh

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
