// Package chart draws sweepstat's PNG charts of a sweep.Selection and its
// result.Comparison with gonum/plot. The caller names the files; chart only
// writes to an io.Writer.
//
// The charts of a report, in the order the report shows them:
//
//   - Change (one per phase): every benchmark's % change with its 95%
//     interval against the test size, per model, points coloured by
//     verdict, over the zero line, the ±margin band and the model's
//     aggregate band — the answer, read from the result model alone;
//   - RunOrder: speed over the benchmark's median against run time, per
//     model and phase, coloured by option value — drift and a design that
//     confounds the option with time show at a glance;
//   - Comparison (per model and phase): speed along the sweep dimensions
//     the benchmarks depend on, with the center and interval each test
//     used, and the direct comparison of the two sides;
//   - Aggregate (one per phase): every model in relative speed (percent of
//     its benchmark's base median) and CV;
//   - Scaling, for a numeric option compared at several values.
//
// The flow of one chart is
//
//  1. index the records once (NewSet: by model and phase, by benchmark with
//     its medians), so that each chart reads only its own records;
//  2. compute what is plotted — a chart's data (changeData, compData,
//     aggData, runData) is plain numbers, computed by a pure function that
//     the tests check against the result model and a golden file;
//  3. draw only what a pixel can show: points of a series that fall in the
//     same cell of about two pixels are drawn once (a series still denser,
//     once per dot's width); a comparison series draws at most 16 points at
//     one x and an aggregate series with more draws their range and median;
//     so that the cost of a chart follows the drawing, not the number of
//     records (charts of up to 16 invocations per side are unaffected);
//  4. place series sharing an x with a small deterministic sideways offset
//     (on a log2 axis for doubling sweeps), lay the panels out under a title
//     with the legend in a column of its own, where it cannot cover data,
//     and encode the PNG (rows unfiltered, at zlib's fastest level: see
//     encodePNG).
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
// read-only, and a Set may serve concurrent renders.
package chart
