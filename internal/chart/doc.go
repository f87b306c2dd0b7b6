// Package chart draws sweepstat's PNG charts of a sweep.Selection with
// gonum/plot. The caller names the files; chart only writes to an io.Writer.
//
// The flow of one chart is
//
//  1. pick the records to show (Comparison: one model and phase; Aggregate:
//     every model of one phase, never records of another phase);
//  2. turn them into points along a sweep dimension (n_prompt, n_gen) or,
//     for the direct comparison, into pairs of records that agree on every
//     knob but the compared option;
//  3. place each series with a small deterministic sideways offset (on a
//     log2 axis for doubling sweeps) so that series sharing an x stay
//     visible;
//  4. lay the panels out under a title with the legend in a column of its
//     own, where it cannot cover data, and encode the PNG.
//
// Texts are Chinese (lang "zh", the default) or English ("en"). Every text
// is drawn with an embedded subset of Noto Sans CJK SC (font/, SIL Open Font
// License 1.1; font/mksubset.sh rebuilds it): the Chinese vocabulary of this
// package, the 3755 common GB2312 level-1 characters and Latin text, so that
// charts render the same on a machine with no fonts installed. Characters of
// data (model names) outside the subset are drawn as the font's empty
// .notdef glyph; overlong names are shortened with "…".
//
// Output is deterministic: the same selection gives the same bytes. The
// package holds no mutable state; the parsed font is built once and shared
// read-only.
package chart
