package compare

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"testing"
)

// The JSON of check and compare validates against docs/result.schema.json,
// the schema README.md documents: every field the output has is in the
// schema (additionalProperties false), every required field is there, with
// its type and enum. The validator below implements the part of JSON
// Schema that file uses.
func TestJSONSchema(t *testing.T) {
	text, err := os.ReadFile("../docs/result.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var schema map[string]any
	if err := json.Unmarshal(text, &schema); err != nil {
		t.Fatalf("docs/result.schema.json: %v", err)
	}
	// The demo (regressions, tolerated, both corrections), a design
	// finding with unverified and untested rows (constant and one-sample
	// benchmark files), and a unit with no direction.
	specs := []Spec{{}, {Correction: BH, MaxRegression: Pct(0)}, {PhaseLimits: map[string]float64{"pp": 3}}}
	specs = append(specs, Spec{Files: benchFiles(t, "", "widgets", []float64{1, 2, 3}, []float64{1, 2, 4})},
		Spec{Files: benchFiles(t, "", "tokens/s", []float64{5}, []float64{6})})
	for i, spec := range specs {
		res, err := Run(spec)
		if err != nil {
			t.Fatal(err)
		}
		for _, write := range []func(*bytes.Buffer) error{
			func(b *bytes.Buffer) error { return res.WriteCheck(b, FormatJSON, English) },
			func(b *bytes.Buffer) error { return res.Write(b, FormatJSON, English) },
		} {
			var b bytes.Buffer
			if err := write(&b); err != nil {
				t.Fatal(err)
			}
			var doc any
			if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
				t.Fatalf("spec %d: output is not JSON: %v", i, err)
			}
			for _, e := range validateJSON(schema, schema, doc, "$") {
				t.Errorf("spec %d: %s", i, e)
			}
		}
	}
	// The validator must be able to fail.
	bad := map[string]any{"schema": 2.0}
	if errs := validateJSON(schema, schema, bad, "$"); len(errs) == 0 {
		t.Error("validator accepts a document without required fields")
	}
}

func validateJSON(root, s map[string]any, v any, at string) []string {
	if ref, ok := s["$ref"].(string); ok {
		name := ref[len("#/$defs/"):]
		return validateJSON(root, root["$defs"].(map[string]any)[name].(map[string]any), v, at)
	}
	var errs []string
	if tp, ok := s["type"]; ok && !typeOK(tp, v) {
		return []string{fmt.Sprintf("%s: %v is not of type %v", at, v, tp)}
	}
	if enum, ok := s["enum"].([]any); ok {
		found := false
		for _, e := range enum {
			if e == v {
				found = true
			}
		}
		if !found {
			errs = append(errs, fmt.Sprintf("%s: %v not in %v", at, v, enum))
		}
	}
	switch x := v.(type) {
	case map[string]any:
		props, _ := s["properties"].(map[string]any)
		for _, r := range asStrings(s["required"]) {
			if _, ok := x[r]; !ok {
				errs = append(errs, fmt.Sprintf("%s: required field %q missing", at, r))
			}
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if p, ok := props[k].(map[string]any); ok {
				errs = append(errs, validateJSON(root, p, x[k], at+"."+k)...)
			} else if ap, ok := s["additionalProperties"].(map[string]any); ok {
				errs = append(errs, validateJSON(root, ap, x[k], at+"."+k)...)
			} else if s["additionalProperties"] == false {
				errs = append(errs, fmt.Sprintf("%s: field %q is not in the schema", at, k))
			}
		}
	case []any:
		if items, ok := s["items"].(map[string]any); ok {
			for i, e := range x {
				errs = append(errs, validateJSON(root, items, e, fmt.Sprintf("%s[%d]", at, i))...)
			}
		}
	}
	return errs
}

func typeOK(tp, v any) bool {
	if list, ok := tp.([]any); ok {
		for _, t := range list {
			if typeOK(t, v) {
				return true
			}
		}
		return false
	}
	switch tp {
	case "object":
		_, ok := v.(map[string]any)
		return ok
	case "array":
		_, ok := v.([]any)
		return ok
	case "string":
		_, ok := v.(string)
		return ok
	case "boolean":
		_, ok := v.(bool)
		return ok
	case "null":
		return v == nil
	case "number":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == float64(int64(f))
	}
	return false
}

func asStrings(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, e := range list {
		out = append(out, e.(string))
	}
	return out
}
