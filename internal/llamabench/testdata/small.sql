CREATE TABLE IF NOT EXISTS llama_bench (
  build_commit TEXT,
  build_number INTEGER,
  cpu_info TEXT,
  backends TEXT,
  model_filename TEXT,
  model_type TEXT,
  model_size INTEGER,
  n_threads INTEGER,
  type_k TEXT,
  flash_attn INTEGER,
  tensor_split TEXT,
  use_mmap INTEGER,
  embeddings INTEGER,
  n_prompt INTEGER,
  n_gen INTEGER,
  n_depth INTEGER,
  test_time TEXT,
  avg_ns INTEGER,
  stddev_ns INTEGER,
  avg_ts REAL,
  stddev_ts REAL
);

INSERT INTO llama_bench (build_commit, build_number, cpu_info, backends, model_filename, model_type, model_size, n_threads, type_k, flash_attn, tensor_split, use_mmap, embeddings, n_prompt, n_gen, n_depth, test_time, avg_ns, stddev_ns, avg_ts, stddev_ts) VALUES ('abc1234', '100', 'Test CPU', 'CPU', 'models/toy-q4.gguf', 'toy 1B Q4_0', '1000000', '4', 'f16', '0', '0.00', '1', '0', '100', '0', '0', '2026-01-02T03:04:05Z', '45000000', '7071068', '2250.000000', '353.553391');
INSERT INTO llama_bench (build_commit, build_number, cpu_info, backends, model_filename, model_type, model_size, n_threads, type_k, flash_attn, tensor_split, use_mmap, embeddings, n_prompt, n_gen, n_depth, test_time, avg_ns, stddev_ns, avg_ts, stddev_ts) VALUES ('abc1234', '100', 'Test CPU', 'CPU', 'models/toy-q4.gguf', 'toy 1B Q4_0', '1000000', '4', 'f16', '0', '0.00', '1', '0', '0', '10', '0', '2026-01-02T03:04:06Z', '14166666', '5204165', '766.666667', '251.661148');
INSERT INTO llama_bench (build_commit, build_number, cpu_info, backends, model_filename, model_type, model_size, n_threads, type_k, flash_attn, tensor_split, use_mmap, embeddings, n_prompt, n_gen, n_depth, test_time, avg_ns, stddev_ns, avg_ts, stddev_ts) VALUES ('abc1234', '100', 'Test CPU', 'CPU', 'models/toy-q4.gguf', 'toy 1B Q4_0', '1000000', '4', 'f16', '0', '0.00', '1', '0', '16', '4', '128', '2026-01-02T03:04:07Z', '4500000', '707107', '4500.000000', '707.106781');
