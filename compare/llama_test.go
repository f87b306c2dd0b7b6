package compare

import (
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sweepstat/sweepstat/internal/safename"
	_ "modernc.org/sqlite"
)

const llamaDir = "../../shared/reference/llama-bench/"

// TestGateLlamaAA: llama-bench.sqlite holds two llama.cpp builds that
// differ only in code llama-bench never runs; comparing them by
// build_commit must not fail the gate at default settings.
func TestGateLlamaAA(t *testing.T) {
	db := llamaDir + "llama-bench.sqlite"
	if _, err := os.Stat(db); err != nil {
		t.Skipf("reference data %s not found (it lives in ../shared beside the checkout): %v", db, err)
	}
	var tb fakeTB
	Gate(&tb, Spec{DB: db, Option: "build_commit"})
	if len(tb.errors)+len(tb.fatals) != 0 {
		t.Errorf("A/A builds fail the gate: %q %q", tb.errors, tb.fatals)
	}
	res, err := Run(Spec{DB: db, Option: "build_commit"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(res.Rows()); n != 18 {
		t.Errorf("%d benchmarks, want 18 (build_number follows build_commit and must not split them)", n)
	}
}

// TestGateLlamaRealChange: fixtures/llamabench/two_builds.sql has build
// bbb2222 about 15% faster at prefill than aaa1111 over 3 rounds each and
// equal at decode; compared the other way round (aaa1111 as new), the
// gate must find the 15% prefill regression and nothing at decode.
func TestGateLlamaRealChange(t *testing.T) {
	text, err := os.ReadFile("../fixtures/llamabench/two_builds.sql")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "llama-bench.sqlite")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(string(text)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var tb fakeTB
	Gate(&tb, Spec{DB: path, Option: "build_commit", Base: "bbb2222", New: "aaa1111", MaxRegression: Pct(5)})
	if len(tb.errors) != 1 {
		t.Fatalf("gate errors %q, fatals %q; want one failure", tb.errors, tb.fatals)
	}
	msg := tb.errors[0]
	if !strings.Contains(msg, "toy 1B F16  pp     64") || strings.Contains(msg, "tg     16") {
		t.Errorf("gate message should name pp64 only:\n%s", msg)
	}
	res, err := Run(Spec{DB: path, Option: "build_commit", Base: "bbb2222", New: "aaa1111"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res.Rows() {
		if r.Phase == "pp" && (r.Verdict != "regression" || r.Method != "welch" || r.DeltaPct > -12 || r.DeltaPct < -15) {
			t.Errorf("pp row: %+v", r)
		}
	}
}

// The benchmark and aggregate rows of the reference llama-bench data, in
// which every knob varies within a model, fit 120 columns of text: the
// model heads its rows, knobs constant within a model are printed once
// above, and long option values head their columns alone.
func TestLlamaRowsFit120(t *testing.T) {
	db := llamaDir + "llama-bench.sqlite"
	if _, err := os.Stat(db); err != nil {
		t.Skipf("reference data %s not found (it lives in ../shared beside the checkout): %v", db, err)
	}
	res, err := Run(Spec{DB: db, Option: "build_commit"})
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []Lang{English, Chinese} {
		var b strings.Builder
		if err := res.Write(&b, FormatText, lang); err != nil {
			t.Fatal(err)
		}
		rows, inTable := 0, false
		for _, line := range strings.Split(b.String(), "\n") {
			switch {
			case strings.HasPrefix(line, "phase ") || strings.HasPrefix(line, "性能指标 "):
				inTable = true
			case line == "":
				inTable = false
			}
			if !inTable {
				continue
			}
			rows++
			if w := safename.Width(line); w > 120 {
				t.Errorf("%s: a row of %d columns: %q", lang, w, line)
			}
		}
		if rows < 18+2 {
			t.Errorf("%s: %d table lines, want the 18 benchmarks and the aggregates:\n%s", lang, rows, b.String())
		}
	}
}
