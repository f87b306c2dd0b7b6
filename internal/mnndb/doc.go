// Package mnndb reads the results database of the mnn_anal benchmark runner
// (benchmark_results.db) into sweep records.
//
// The schema is a chain of one-to-many tables:
//
//	tasks (one sweep run)
//	  └─ suites (one model within a task: model_name)
//	       └─ case_definitions (one invocation: base_parameters JSON, threads, precision, backend)
//	            ├─ case_variable_values (the swept knobs, one row each)
//	            └─ benchmark_results (result_type pp|tg|pp+tg, result_parameter,
//	                                  mean_value, std_value, unit, created_at)
//
// Open opens a database file read-only and checks that these tables and the
// columns sweepstat reads exist; FromSQL builds an in-memory database from
// SQL text (the demo data, test fixtures). Tasks then reads every task with
// its records. A record's knobs are the case's base_parameters plus the
// threads, precision and backend columns where base_parameters lacks them.
// Names longer than safename.MaxName are shortened as they are read.
//
// Reading never changes the file (ReadFile): mode=ro with SQLite's normal
// locking and a busy timeout, one read transaction per read, so that a
// reader sees one committed state while import or run writes (a big read
// reads its cases and results in two halves on two more connections, and
// a smaller one whole on one more, whose snapshots must be the first
// one's: see split.go; those are sqlread connections, read-only, calling
// SQLite without database/sql); a hot journal left by a killed writer is
// rolled back in a private copy.
//
// Writing: Write (import) adds records, streamed from a Source, in one
// transaction, finding what is already there by query; OpenRun and Record
// (sweepstat run) write one invocation per transaction in WAL mode.
package mnndb
