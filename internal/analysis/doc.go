// Package analysis turns a selection of sweep records into the plain data
// that the report renderers print: record counts, per-model summaries of each
// option value, and the differences between the two values.
//
// Build computes everything once; renderers (internal/report, internal/chart,
// internal/benchconv) only read the result. Rows come in a fixed order
// (phase pp, tg, pp+tg; model ascending; base value before new), so output is
// deterministic.
package analysis
