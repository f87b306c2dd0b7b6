// Package ingest reads benchmark results in any of the formats sweepstat
// imports, detected from the content (never from the file name), into
// sweep records ready for mnndb.Write:
//
//  1. Detect looks at a file's first bytes: a SQLite file (llama-bench's
//     llama_bench table), llama-bench's SQL text, JSON or JSONL
//     (llama-bench -o json|jsonl), a llama-bench CSV header, MNN
//     llm_bench's Markdown table, or Go benchmark format;
//  2. Open streams a file's records with the matching package (llamabench,
//     llmbench, benchfile), picking up llm_bench's N_params.json sidecar;
//     Read holds them all, for comparing files directly;
//  3. each record gets the -set knobs and a stable invocation id — the
//     file's content hash plus the record's place in it — so that
//     importing the same input twice adds nothing, wherever the file lies.
//
// Memory: JSON, JSONL, CSV, SQL text and benchfmt are streamed, one result
// at a time (llamabench.MaxResult, benchfile.MaxLine); llm_bench output
// and its sidecar are read whole, up to llmbench.MaxInput; a SQLite file's
// table is read whole.
package ingest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/sweepstat/sweepstat/internal/benchfile"
	"github.com/sweepstat/sweepstat/internal/llamabench"
	"github.com/sweepstat/sweepstat/internal/llmbench"
	"github.com/sweepstat/sweepstat/internal/safename"
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

// headSize is how much of a file Detect needs.
const headSize = 4096

// Detect returns the format of content, or "" when it is none of them.
func Detect(content []byte) string {
	head := content
	if len(head) > headSize {
		head = head[:headSize]
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n\ufeff")
	switch {
	case bytes.HasPrefix(head, []byte("SQLite format 3\x00")):
		return FormatLlamaSQLite
	case isSQL(trimmed):
		return FormatLlamaSQL
	case bytes.HasPrefix(trimmed, []byte("[")) || bytes.HasPrefix(trimmed, []byte("{")):
		return FormatLlamaJSON
	case bytes.HasPrefix(trimmed, []byte("build_commit,")) || (bytes.Contains(firstLine(trimmed), []byte("avg_ts")) && bytes.Contains(firstLine(trimmed), []byte(","))):
		return FormatLlamaCSV
	case llmbench.Detect(head):
		return FormatLLMBench
	case isBenchfmt(head):
		return FormatBenchfmt
	}
	return ""
}

// isSQL reports whether text is SQL about the llama_bench table: it names
// the table and starts with a comment or an SQL statement (any: those
// llama-bench does not write are refused with their line when read), or
// holds llama-bench's CREATE TABLE or INSERT INTO. One-line statements
// count as well as llama-bench's own layout.
func isSQL(text []byte) bool {
	if !bytes.Contains(text, []byte(llamabench.Table)) {
		return false
	}
	upper := bytes.ToUpper(text[:min(len(text), 64)])
	for _, p := range []string{"CREATE ", "INSERT ", "BEGIN", "--", "/*", "PRAGMA ", "ATTACH ", "DROP ", "SELECT ", "WITH ", "UPDATE ", "DELETE ", "REPLACE ", "VACUUM"} {
		if bytes.HasPrefix(upper, []byte(p)) {
			return true
		}
	}
	return bytes.Contains(text, []byte("CREATE TABLE IF NOT EXISTS llama_bench")) || bytes.Contains(text, []byte("INSERT INTO llama_bench"))
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

// A scanner streams records: benchfile.Reader, llamabench.Reader, or a
// slice.
type scanner interface {
	Scan() bool
	Record() *sweep.Record
	Err() error
}

// An Input streams the records of one input file, for import: Scan,
// Record and Err as benchfmt.Reader has them. Each record carries the
// -set knobs and a stable invocation id (see the package documentation),
// and its names as the input wrote them, however long. Close the Input
// when done.
type Input struct {
	Path    string
	Format  string
	Sidecar string  // the llm_bench sidecar used, if any
	Skipped []error // rows reported and skipped (llm_bench)
	Records int     // records read so far

	file  *os.File
	src   scanner
	close func() error
	sum   string // the invocation id prefix
	sets  map[string]string
	rec   sweep.Record
}

// Open opens the file at path, detects its format and returns an Input
// streaming its records with the knobs of sets (k=v, overriding).
func Open(path string, sets map[string]string) (*Input, error) {
	in, state, err := open(path)
	if err != nil {
		return nil, err
	}
	in.sets = sets
	in.sum = invocationPrefix(state, sets)
	return in, nil
}

// open opens path and starts reading it; it returns the hash state of the
// file's content and sidecar, to which the -set knobs are added.
func open(path string) (*Input, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("reading input: %w", err)
	}
	in := &Input{Path: path, file: f}
	ok := false
	defer func() {
		if !ok {
			in.Close()
		}
	}()
	if st, err := f.Stat(); err == nil && st.IsDir() {
		return nil, nil, fmt.Errorf("reading input: %s is a directory", path)
	}
	// First pass: the content hash, and the head for detection.
	h := sha256.New()
	var head bytes.Buffer
	if _, err := io.Copy(io.MultiWriter(h, &limitedBuffer{&head, headSize}), f); err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	in.Format = Detect(head.Bytes())
	var sidecar []byte
	if in.Format == FormatLLMBench {
		if sp := llmbench.SidecarPath(path); sp != "" {
			if b, err := readSidecar(sp); err != nil {
				return nil, nil, err
			} else if b != nil {
				sidecar, in.Sidecar = b, sp
				h.Write(b)
			}
		}
	}
	state, err := h.(encoding.BinaryMarshaler).MarshalBinary()
	if err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return nil, nil, fmt.Errorf("reading %s: %w", path, err)
	}
	r := bufio.NewReaderSize(f, 64<<10)
	switch in.Format {
	case "":
		return nil, nil, fmt.Errorf("%s:1: unknown format (want llama-bench JSON, JSONL, CSV, SQL or SQLite, llm_bench Markdown, or Go benchmark format)", path)
	case FormatLlamaSQLite:
		f.Close() // SQLite reads the file itself; keep no other descriptor of it open
		in.file = nil
		recs, err := llamabench.ReadSQLiteFull(path)
		if err != nil {
			return nil, nil, err
		}
		in.src = &sliceScanner{recs: recs}
	case FormatLlamaJSON:
		lr := llamabench.NewJSONReader(r, path)
		in.src, in.close = lr, lr.Close
	case FormatLlamaCSV:
		lr := llamabench.NewCSVReader(r, path)
		in.src, in.close = lr, lr.Close
	case FormatLlamaSQL:
		lr := llamabench.NewSQLReader(r, path)
		in.src, in.close = lr, lr.Close
	case FormatLLMBench:
		recs, skipped, err := llmbench.Parse(r, path, sidecar)
		if err != nil {
			return nil, nil, err
		}
		in.src, in.Skipped = &sliceScanner{recs: recs}, skipped
	case FormatBenchfmt:
		in.src = benchfile.NewReader(r, path)
	}
	ok = true
	return in, state, nil
}

// readSidecar reads an llm_bench sidecar, nil when there is none.
func readSidecar(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil // no sidecar: knobs from the table only
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, llmbench.MaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(b) > llmbench.MaxInput {
		return nil, fmt.Errorf("%s: llm_bench sidecar longer than %d MiB, the most sweepstat reads", path, llmbench.MaxInput>>20)
	}
	return b, nil
}

// A limitedBuffer keeps the first n bytes written to it.
type limitedBuffer struct {
	b *bytes.Buffer
	n int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.n - l.b.Len(); room > 0 {
		l.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// invocationPrefix is the first 12 hex digits of the SHA-256 of the file's
// content (and sidecar), whose hash state is given, and the -set knobs.
func invocationPrefix(state []byte, sets map[string]string) string {
	h := sha256.New()
	h.(encoding.BinaryUnmarshaler).UnmarshalBinary(state) // a state MarshalBinary made
	for _, k := range sweep.SortedKeys(sets) {            // the same file labelled otherwise is another run
		fmt.Fprintf(h, "\x00%s=%s", k, sets[k])
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Scan advances to the next record.
func (in *Input) Scan() bool {
	if in.src == nil || !in.src.Scan() {
		return false
	}
	in.rec = *in.src.Record()
	apply(&in.rec, in.Path, in.sum, in.sets)
	in.Records++
	return true
}

// Record returns the current record, valid until the next Scan.
func (in *Input) Record() *sweep.Record { return &in.rec }

// Err returns the error that stopped Scan, nil at the end of the input.
func (in *Input) Err() error {
	if in.src == nil {
		return nil
	}
	return in.src.Err()
}

// Close closes the file and what its reader holds.
func (in *Input) Close() error {
	if in.close != nil {
		in.close()
		in.close = nil
	}
	if in.file != nil {
		err := in.file.Close()
		in.file = nil
		return err
	}
	return nil
}

// apply sets the knobs of sets on r and replaces its Invocation by the
// stable id: sum, then the record's place in the file.
func apply(r *sweep.Record, path, sum string, sets map[string]string) {
	r.OwnCase() // the Invocation below is made from the record's own
	knobs := make(map[string]string, len(r.Knobs)+len(sets))
	for k, v := range r.Knobs {
		knobs[k] = v
	}
	for k, v := range sets {
		knobs[k] = v
	}
	r.Knobs = knobs
	place := strings.TrimPrefix(strings.TrimPrefix(r.InvocationName(), path), ":")
	r.Invocation = sum
	if place != "" {
		r.Invocation += ":" + place
	}
	r.Params = ""
}

type sliceScanner struct {
	recs []sweep.Record
	i    int
}

func (s *sliceScanner) Scan() bool {
	if s.i >= len(s.recs) {
		return false
	}
	s.i++
	return true
}
func (s *sliceScanner) Record() *sweep.Record { return &s.recs[s.i-1] }
func (s *sliceScanner) Err() error            { return nil }

// A File is one input read whole, for comparing files directly.
type File struct {
	Path      string
	Format    string
	Records   []sweep.Record // names shortened for output (safename.ShortenRecord)
	Skipped   []error        // rows reported and skipped (llm_bench)
	Sidecar   string         // the llm_bench sidecar used, if any
	hashState []byte
}

// Read reads and parses the file at path, every record in memory, with
// names shortened for output.
func Read(path string) (*File, error) {
	in, state, err := open(path)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	f := &File{Path: path, Format: in.Format, Sidecar: in.Sidecar, Skipped: in.Skipped, hashState: state}
	for in.src.Scan() {
		r := *in.src.Record()
		safename.ShortenRecord(&r)
		f.Records = append(f.Records, r)
	}
	if err := in.src.Err(); err != nil {
		return nil, err
	}
	return f, nil
}

// Apply sets the knobs of sets (k=v, overriding) on every record of f and
// replaces each record's Invocation by a stable id: the first 12 hex
// digits of the SHA-256 of the file's content (and sidecar) and the -set
// knobs, then the record's place within it.
func (f *File) Apply(sets map[string]string) {
	sum := invocationPrefix(f.hashState, sets)
	for i := range f.Records {
		apply(&f.Records[i], f.Path, sum, sets)
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
