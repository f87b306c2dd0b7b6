// Package compare is sweepstat's public face: it loads a benchmark sweep,
// compares two values of one engine option and returns plain data, and it
// lists the files of a report.
//
// The data flow is
//
//	Spec ──Run──► Result ──Files──► []File (Markdown, CSV, PNG, benchfmt renderers)
//
// Run reads the results database named by Spec.DB (opened read-only; the
// built-in synthetic demo database when DB is empty), picks the task, the
// option and its two values, and computes the analysis. Files lists the
// report's files with a renderer each; the caller decides where to write them.
//
// Result gives the comparison as plain data (Rows, Aggregates, Warnings)
// and applies the regression gate (Check). Gate does all of it inside a Go
// test: it fails the test, once, with a table of what regressed beyond the
// Spec's limits. A regression is a benchmark or a model × phase aggregate
// whose Holm-adjusted p-value is at most Alpha and whose estimated slowdown
// exceeds its limit; see Result.Check for the exact rules, including what
// happens with benchmarks measured in one invocation per side.
//
// The zero Spec compares the two values of dynamicOption in the one task of
// the demo database that varies it.
package compare
