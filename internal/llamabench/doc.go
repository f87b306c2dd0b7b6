// Package llamabench reads the results of llama.cpp's llama-bench into sweep
// records, in every machine-readable format it writes:
//
//	-o json   an array of result objects          ParseJSON, NewJSONReader
//	-o jsonl  one result object per line          ParseJSON, NewJSONReader
//	-o csv    a header row, then one row a result ParseCSV, NewCSVReader
//	-o sql    CREATE TABLE llama_bench + INSERTs  ParseSQL, NewSQLReader
//	(the SQL run into sqlite3: a SQLite file)     ReadSQLite
//
// The Parse functions return every record, with names longer than
// safename.MaxName shortened for output; the Readers stream records one
// result at a time, names whole, in memory bounded by the largest result
// (MaxResult), for import. SQL text is checked statement by statement
// before it runs: only CREATE TABLE llama_bench and INSERT INTO
// llama_bench … VALUES with literal values are accepted (sqltext.go).
//
// Every format is read by field name, never by position, so that fields
// llama-bench adds, drops or reorders in later versions do not break it.
// Each parser works in three steps:
//
//  1. decode the input into one set of named fields per result, the values
//     normalized to the same text whatever the format: JSON true/false become
//     1/0 (as CSV and SQL store them), JSON numbers keep the text they were
//     written with, strings are unquoted, JSON null and SQL NULL are empty;
//  2. map the fields of one result to a sweep.Record (see below);
//  3. validate the record, so that every record returned passes
//     sweep.Record.Validate.
//
// # Mapping
//
// Model is model_type (what compare-llama-bench.py shows, e.g. "llama ?B F16").
// The test comes from n_prompt and n_gen: pp<n_prompt> when only n_prompt is
// positive, tg<n_gen> when only n_gen is, and pp+tg with size
// "<n_prompt>+<n_gen>" when both are. Every other field except the
// measurements (avg_ns, stddev_ns, avg_ts, stddev_ts, samples_ns, samples_ts,
// test_time) becomes a knob, fields unknown to this package included. Knobs
// are named as the mnn_anal database names them where it has a name for
// them (n_threads → threads, use_mmap → mmap; see KnobName); the others keep
// their llama-bench names (n_prompt, n_gen, n_depth, type_k, flash_attn,
// build_commit, model_filename …). Params is the knobs as a JSON object with
// sorted keys, as the mnn_anal schema stores base_parameters.
//
// With samples_ns (JSON and JSONL), each repetition's speed is recomputed as
// tokens × 1e9 / ns, tokens being n_prompt for pp, n_gen for tg and their sum
// for pp+tg; Samples holds those speeds, Mean their mean, Std their sample
// standard deviation (n−1) and Reps their count. llama-bench's own avg_ts is
// the same mean; its samples_ts are the same speeds printed with 6
// significant digits only. Without samples (CSV, SQL), Mean is avg_ts, Std is
// stddev_ts and Reps is 0: those formats do not record the repetition count.
//
// Time is test_time; Where and Invocation locate the result in its input:
// "<name>:<line>" for JSON, JSONL and CSV (the line where the result starts),
// "<name>: row <rowid>" for SQL and SQLite.
package llamabench
