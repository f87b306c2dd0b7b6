package llmbench

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// SidecarPath returns the path of the sidecar that mnn_anal's runner writes
// beside an llm_bench output file: "dir/qwen_1_raw.txt" →
// "dir/qwen_1_params.json". It returns "" when rawPath does not end in
// "_raw.txt".
func SidecarPath(rawPath string) string {
	const suffix = "_raw.txt"
	if !strings.HasSuffix(rawPath, suffix) || len(rawPath) == len(suffix) {
		return ""
	}
	return strings.TrimSuffix(rawPath, suffix) + "_params.json"
}

// sidecarInfo is what a sidecar says about the invocation.
type sidecarInfo struct {
	model string            // the runner's model name (mnn_anal's model_name), or ""
	suite string            // the runner's suite name, or ""
	knobs map[string]string // knobs of the command line; empty without one
	reps  int               // repetitions (-rep), 0 when the command does not say
}

// parseSidecar reads the content of an N_params.json sidecar:
//
//	{"case_number": 1, "suit_name": "…", "model": "qwen2_5_0_5b",
//	 "execution_result": {"command": "taskset -c 1 …/llm_bench_prompt -m … -p 64 -n 32 -dyo 7", …}}
//
// Empty content (the runner leaves an empty file when a case failed) means
// no sidecar. rawName names the raw file, for messages.
func parseSidecar(content []byte, rawName string) (sidecarInfo, error) {
	info := sidecarInfo{knobs: map[string]string{}}
	if len(bytes.TrimSpace(content)) == 0 {
		return info, nil
	}
	where := SidecarPath(rawName)
	if where == "" {
		where = rawName + " sidecar"
	}
	var doc struct {
		Model           string `json:"model"`
		SuitName        string `json:"suit_name"`
		ExecutionResult struct {
			Command string `json:"command"`
		} `json:"execution_result"`
	}
	if err := json.Unmarshal(content, &doc); err != nil {
		return info, fmt.Errorf("%s: reading llm_bench sidecar: %v", where, sidecarError(err))
	}
	info.model = strings.TrimSpace(doc.Model)
	info.suite = doc.SuitName
	if cmd := strings.TrimSpace(doc.ExecutionResult.Command); cmd != "" {
		knobs, err := KnobsFromCommand(cmd)
		if err != nil {
			return info, fmt.Errorf("%s: execution_result.command: %v", where, err)
		}
		info.knobs = knobs
	}
	// llm_bench repeats every test nRepeat[0] times (the first -rep value).
	if rep, ok := info.knobs["repeat"]; ok {
		first, _, _ := strings.Cut(rep, ",")
		if n, err := strconv.Atoi(strings.TrimSpace(first)); err == nil && n > 0 {
			info.reps = n
		}
	}
	return info, nil
}

// sidecarError words a JSON error of a sidecar without Go types: a value
// of the wrong type names the field and what it should be.
func sidecarError(err error) string {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		want := "a string"
		if typ.Field == "" || typ.Field == "execution_result" {
			want = "a JSON object"
		}
		what := "the sidecar"
		if typ.Field != "" {
			what = typ.Field
		}
		return fmt.Sprintf("%s is a JSON %s, want %s (the sidecar holds {\"model\": …, \"suit_name\": …, \"execution_result\": {\"command\": …}})", what, typ.Value, want)
	}
	var syn *json.SyntaxError
	if errors.As(err, &syn) {
		return fmt.Sprintf("invalid JSON at byte %d: %v", syn.Offset, err)
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
