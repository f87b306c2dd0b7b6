package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// A llamaPrinter writes results in one of llama-bench's formats.
type llamaPrinter struct {
	format string
	w      io.Writer
	n      int // results written
}

// newLlamaPrinter returns the printer of format, or nil for sql, which the
// fake does not write.
func newLlamaPrinter(format string, w io.Writer) *llamaPrinter {
	if format == "sql" {
		return nil
	}
	return &llamaPrinter{format: format, w: w}
}

// isSamples reports whether a field holds the samples, which the CSV
// printer leaves out.
func isSamples(name string) bool { return name == "samples_ns" || name == "samples_ts" }

func (p *llamaPrinter) header() {
	switch p.format {
	case "json":
		fmt.Fprint(p.w, "[\n")
	case "md":
		fmt.Fprint(p.w, "| model                          |       size |     params | backend    | threads |            test |                  t/s |\n")
		fmt.Fprint(p.w, "| ------------------------------ | ---------: | ---------: | ---------- | ------: | --------------: | -------------------: |\n")
	}
}

func (p *llamaPrinter) test(fields []field) {
	defer func() { p.n++ }()
	get := func(name string) string {
		for _, f := range fields {
			if f.name == name {
				return f.value
			}
		}
		return ""
	}
	switch p.format {
	case "jsonl":
		var parts []string
		for _, f := range fields {
			parts = append(parts, jsonField(f))
		}
		// llama-bench writes no blank before samples_ts.
		fmt.Fprintf(p.w, "{%s}\n", strings.Replace(strings.Join(parts, ", "), `, "samples_ts"`, `,"samples_ts"`, 1))
	case "json":
		if p.n > 0 {
			fmt.Fprint(p.w, ",\n")
		}
		fmt.Fprint(p.w, "  {\n")
		for i, f := range fields {
			sep := ",\n"
			if i == len(fields)-1 {
				sep = "\n"
			}
			fmt.Fprintf(p.w, "    %s%s", jsonField(f), sep)
		}
		fmt.Fprint(p.w, "  }")
	case "csv":
		var names, vals []string
		for _, f := range fields {
			if isSamples(f.name) {
				continue
			}
			v := f.value
			switch v {
			case "true":
				v = "1"
			case "false":
				v = "0"
			}
			names = append(names, f.name)
			vals = append(vals, `"`+strings.ReplaceAll(v, `"`, `""`)+`"`)
		}
		if p.n == 0 {
			fmt.Fprintln(p.w, strings.Join(names, ","))
		}
		fmt.Fprintln(p.w, strings.Join(vals, ","))
	case "md":
		np, ng := get("n_prompt"), get("n_gen")
		test := "pp" + np
		switch {
		case np == "0":
			test = "tg" + ng
		case ng != "0":
			test = "pp" + np + "+tg" + ng
		}
		size, _ := strconv.ParseFloat(get("model_size"), 64)
		params, _ := strconv.ParseFloat(get("model_n_params"), 64)
		avg, _ := strconv.ParseFloat(get("avg_ts"), 64)
		sd, _ := strconv.ParseFloat(get("stddev_ts"), 64)
		fmt.Fprintf(p.w, "| %-30s | %6.2f MiB | %8.2f M | %-10s | %7s | %15s | %20s |\n",
			get("model_type"), size/(1<<20), params/1e6, get("backends"), get("n_threads"), test,
			fmt.Sprintf("%.2f ± %.2f", avg, sd))
	}
}

func (p *llamaPrinter) footer() {
	switch p.format {
	case "json":
		if p.n > 0 {
			fmt.Fprint(p.w, "\n")
		}
		fmt.Fprint(p.w, "]\n")
	case "md":
		fmt.Fprint(p.w, "\nbuild: fake0000 (9619)\n")
	}
}

// jsonField renders "name": value.
func jsonField(f field) string {
	v := f.value
	if f.quoted {
		b, _ := json.Marshal(v) // a string always encodes
		v = string(b)
	}
	return `"` + f.name + `": ` + v
}
