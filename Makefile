# sweepstat — see README.md.
GO ?= go
# Packages with golden files (they declare the -update flag).
GOLDEN_PKGS = ./internal/report ./cmd/sweepstat

.PHONY: all build test golden bench lint validate demo fuzz clean

all: build test

build:
	$(GO) build -o bin/sweepstat ./cmd/sweepstat

test:
	$(GO) vet ./...
	$(GO) test ./...

# Rewrite golden files; review `git diff` before committing.
golden:
	$(GO) test $(GOLDEN_PKGS) -update

# Speed and memory figures (Go benchmarks; nothing fails on a slow machine).
bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...
	./scripts/bench-report.sh

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt: $$out"; exit 1; fi
	$(GO) vet ./...

# The built-in demo report, as README.md shows it.
demo:
	$(GO) run ./cmd/sweepstat report -out report

clean:
	rm -rf bin report
