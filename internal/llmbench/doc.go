// Package llmbench reads the Markdown table that MNN's llm_bench prints (to
// stdout, or to a file with -fp) into sweep records:
//
//  1. Parse finds the table: a row of cells between '|' followed by a
//     separator row (| ---: | --- |). Columns are found by header name, in
//     any order; a file that llm_bench appended to (-fp opens its file in
//     append mode) holds several tables, one invocation each.
//  2. Each data row becomes one record (two in the llm_demo layout) whose
//     phase and size come from the test cell and whose mean and std come
//     from the "mean ± std" cell. Rows that are cut short, or whose numbers
//     are not finite positive speeds (llm_bench prints "inf ± nan" when a
//     timer reads 0), are skipped and reported with file and line.
//  3. The knobs of each record are those of the command line that produced
//     the table (KnobsFromCommand, read from the N_params.json sidecar that
//     mnn_anal's runner writes beside N_raw.txt), overridden by what the
//     table itself shows: the table is the measurement's own account of its
//     settings, the sidecar only the runner's account of what it asked for.
//
// # What llm_bench prints
//
// The facts below come from MNN's source, read at
// github.com/alibaba/MNN transformers/llm/engine/tools/llm_bench.cpp
// (commits e3ec38e70112 and 00d5473cee35: markdownPrinter, parseCmdParams,
// printUsage, get_cmd_params_instances) and from the llm_bench_prompt fork
// that produced the mnn_anal data (mnn_anal's docs place it at
// transformers/llm/engine/phy_tools/llm_bench_prompt.cpp; it adds the pType
// column and the -vp, -v, -pf and -ipf flags).
//
// Columns, in this order: model (the name of the directory holding the
// model's config.json), modelSize ("%.2f MiB" or "%.2f GiB"), backend
// (CPU, METAL, OPENCL), threads, precision (Low for 2, Normal for 0, High
// otherwise), then only when they vary or differ from the default: memory,
// dynamicOption, divisionRatioSme2Neon, quantAttention, smeCoreNum, mmap
// (true when -mmp 1), pType (fix, variable, file or image; the fork
// always prints it), then the measurement columns, then loadingTime(s)
// with -load true.
//
// Measurement layouts:
//
//   - -kv false (the default): "test | t/s". The test cell is ppP (prefill
//     of P tokens: -p), tgG (decode of G tokens: -n) or ppP+tgG (-pg P,G:
//     prefill then decode, timed together); "t/s" is (P+G) tokens over the
//     time of each repetition, as "%.2f ± %.2f" (mean ± sample std over the
//     -rep repetitions; a first warm-up run is dropped).
//   - -kv true: "llm_demo | speed(tok/s)". One row per (P, G) pair runs
//     one llm->response of P prompt tokens generating G tokens; the cells
//     are "prompt=P<br>decode=G" and "PP ± s<br>TG ± s": the prefill speed
//     (P tokens over the prefill time) and the decode speed (G tokens over
//     the decode time that followed that prefill, with its KV cache). Parse
//     makes two records of such a row: phase pp size P and phase tg size G,
//     both with knobs n_prompt=P, n_gen=G and kv_cache=true (unless the
//     command says otherwise), since this decode speed depends on P, unlike
//     the tg test of the default layout.
//   - "test | speed(tok/s)": no version of the source read here prints it
//     (-pg adds ppP+tgG rows to the default layout), but it is accepted: a
//     single "mean ± std" cell is read as a t/s cell, and a "PP ± s<br>TG ±
//     s" cell on a ppP+tgG row as the prefill and decode speeds of the
//     llm_demo layout.
//
// Flags (short, long, knob): -m --model model_path; -a --backends backend;
// -c --precision precision; -t --threads threads; -p --n-prompt n_prompt;
// -n --n-gen n_gen; -pg prompt_gen; -mmp --mmap mmap; -rep --n-repeat
// repeat; -kv --kv-cache kv_cache; -load --loading-time loading_time; -dyo
// --dynamicOption dynamicOption; -mr --mixedSme2NeonRatio
// divisionRatioSme2Neon; -scn --sme-core-num smeCoreNum; -qatten
// --quant-attention quantAttention; --memory memory; --power power; and in
// the fork -vp --variable-prompt vp, -v --verbose verbose, -pf
// --prompt-file prompt_file, -ipf --image-file image_file. -fp
// --file-print and -j --json name output files and are not knobs; -h
// --help prints the usage. llm_bench reads "--a_b" as "--a-b". The knob
// names are those of the mnn_anal database's base_parameters (n_prompt,
// n_gen, dynamicOption, mmap, kv_cache, vp, repeat …) and, for settings the
// table shows, the table's column name, so that the command's value and
// the table's meet under one name.
//
// Defaults in the source, which Parse does not invent when the command
// omits a flag: 4 threads, precision 2, -p 512, -n 128, 5 repetitions,
// dynamicOption 0, mmap off, kv-cache false.
package llmbench
