// Package ingest reads benchmark results in any of the formats sweepstat
// imports, detected from the content (never from the file name), into
// sweep records ready for mnndb.Write:
//
//  1. Detect looks at a file's first bytes: a SQLite file (llama-bench's
//     llama_bench table), JSON or JSONL (llama-bench -o json|jsonl), a
//     llama-bench CSV header, llama-bench's SQL text, MNN llm_bench's
//     Markdown table, or Go benchmark format;
//  2. File parses it with the matching package (llamabench, llmbench,
//     benchfile), picking up llm_bench's N_params.json sidecar;
//  3. Apply adds the -set knobs and gives each record a stable invocation
//     id — the file's content hash plus the record's place in it — so that
//     importing the same input twice adds nothing, wherever the file lies.
package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/sweepstat/sweepstat/internal/benchfile"
	"github.com/sweepstat/sweepstat/internal/llamabench"
	"github.com/sweepstat/sweepstat/internal/llmbench"
	"github.com/sweepstat/sweepstat/internal/sweep"
)

// Formats Detect recognizes.
const (
	FormatLlamaSQLite = "llama-bench SQLite"
	FormatLlamaJSON   = "llama-bench JSON"
	FormatLlamaCSV    = "llama-bench CSV"
	FormatLlamaSQL    = "llama-bench SQL"
	FormatLLMBench    = "llm_bench Markdown"
	FormatBenchfmt    = "Go benchmark format"
)

// Detect returns the format of content, or "" when it is none of them.
func Detect(content []byte) string {
	head := content
	if len(head) > 4096 {
		head = head[:4096]
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return FormatLlamaSQLite
	case bytes.HasPrefix(trimmed, []byte("[")) || bytes.HasPrefix(trimmed, []byte("{")):
		return FormatLlamaJSON
	case bytes.HasPrefix(trimmed, []byte("build_commit,")) || (bytes.Contains(firstLine(trimmed), []byte("avg_ts")) && bytes.Contains(firstLine(trimmed), []byte(","))):
		return FormatLlamaCSV
	case bytes.Contains(head, []byte("CREATE TABLE IF NOT EXISTS llama_bench")) || bytes.Contains(head, []byte("INSERT INTO llama_bench")):
		return FormatLlamaSQL
	case llmbench.Detect(head):
		return FormatLLMBench
	case isBenchfmt(head):
		return FormatBenchfmt
	}
	return ""
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i]
	}
	return b
}

// isBenchfmt reports whether some line looks like a benchmark result
// ("BenchmarkX  N  V unit").
func isBenchfmt(head []byte) bool {
	for _, line := range bytes.Split(head, []byte("\n")) {
		f := bytes.Fields(line)
		if len(f) >= 4 && bytes.HasPrefix(f[0], []byte("Benchmark")) {
			return true
		}
	}
	return false
}

// A File is one parsed input.
type File struct {
	Path     string
	Format   string
	Records  []sweep.Record
	Skipped  []error // rows reported and skipped (llm_bench)
	Sidecar  string  // the llm_bench sidecar used, if any
	contents []byte
}

// Read reads and parses the file at path.
func Read(path string) (*File, error) {
	content, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading input: %w", err)
	}
	f := &File{Path: path, Format: Detect(content), contents: content}
	name := path
	switch f.Format {
	case "":
		return nil, fmt.Errorf("%s:1: unknown format (want llama-bench JSON, JSONL, CSV, SQL or SQLite, llm_bench Markdown, or Go benchmark format)", path)
	case FormatLlamaSQLite:
		f.Records, err = llamabench.ReadSQLite(path)
	case FormatLlamaJSON:
		f.Records, err = llamabench.ParseJSON(bytes.NewReader(content), name)
	case FormatLlamaCSV:
		f.Records, err = llamabench.ParseCSV(bytes.NewReader(content), name)
	case FormatLlamaSQL:
		f.Records, err = llamabench.ParseSQL(bytes.NewReader(content), name)
	case FormatLLMBench:
		var sidecar []byte
		if sp := llmbench.SidecarPath(path); sp != "" {
			if b, err := os.ReadFile(sp); err == nil {
				sidecar, f.Sidecar = b, sp
			}
		}
		f.Records, f.Skipped, err = llmbench.Parse(bytes.NewReader(content), name, sidecar)
	case FormatBenchfmt:
		f.Records, err = benchfile.Parse(bytes.NewReader(content), name)
	}
	if err != nil {
		return nil, err
	}
	return f, nil
}

// Apply sets the knobs of sets (k=v, overriding) on every record of f and
// replaces each record's Invocation by a stable id: the first 12 hex
// digits of the SHA-256 of the file's content (and sidecar) and the -set
// knobs, then the record's place within it.
func (f *File) Apply(sets map[string]string) {
	h := sha256.New()
	h.Write(f.contents)
	if f.Sidecar != "" {
		if b, err := os.ReadFile(f.Sidecar); err == nil {
			h.Write(b)
		}
	}
	for _, k := range sweep.SortedKeys(sets) { // the same file labelled otherwise is another run
		fmt.Fprintf(h, "\x00%s=%s", k, sets[k])
	}
	sum := hex.EncodeToString(h.Sum(nil))[:12]
	for i := range f.Records {
		r := &f.Records[i]
		knobs := make(map[string]string, len(r.Knobs)+len(sets))
		for k, v := range r.Knobs {
			knobs[k] = v
		}
		for k, v := range sets {
			knobs[k] = v
		}
		r.Knobs = knobs
		place := strings.TrimPrefix(strings.TrimPrefix(r.Invocation, f.Path), ":")
		r.Invocation = sum
		if place != "" {
			r.Invocation += ":" + place
		}
		r.Params = ""
	}
}

// TaskName is the default task name of an import: "import " and the first
// input's base name.
func TaskName(paths []string) string {
	if len(paths) == 0 {
		return "import"
	}
	return "import " + filepath.Base(paths[0])
}
