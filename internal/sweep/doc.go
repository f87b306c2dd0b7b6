// Package sweep is sweepstat's data model: the records a benchmark sweep
// produced, and the selection of two option values to compare.
//
// The flow is
//
//  1. a source (the mnn_anal database, an importer) yields []Record, one per
//     measured result of one invocation. The records of one invocation
//     share a *Case (invocation, knobs, time), the cases of one suite may
//     share an *Origin (task, suite, model), and the records of one test
//     may share a *Test (phase, size, unit): a million mnn_anal results
//     hold about 120 bytes each rather than copies of every name. Shared
//     parts are read as the record's own fields and never changed in place
//     (Record.OwnCase, CaseCopies). Records that are each an invocation of
//     their own (the benchmarks of a benchfmt file) share one Case whose
//     Invocation is AtLocation(): Record.InvocationName names each by its
//     Location;
//  2. Select picks the records of one option's two values (base and new) and
//     validates that both exist;
//  3. Key groups the selected records into benchmarks: records with the same
//     model, phase, size and knobs (except the compared option and the sweep
//     dimensions the phase does not depend on) are samples of one benchmark.
//
// Nothing here knows about SQLite, statistics or rendering.
package sweep
