package mnndb

// Schema is the mnn_anal schema: the tables and indexes of a real
// benchmark_results.db, column for column and constraint for constraint
// (sqlite_sequence is left out; SQLite makes it for AUTOINCREMENT).
const Schema = `CREATE TABLE tasks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    original_name TEXT,
    run_number INTEGER,
    description TEXT,
    original_yaml TEXT NOT NULL,
    summary_json TEXT,
    execution_time_seconds REAL,
    status TEXT DEFAULT 'pending',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
CREATE TABLE suites (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    task_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    model_name TEXT NOT NULL,
    model_path TEXT NOT NULL,
    suite_yaml TEXT,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (task_id) REFERENCES tasks(id) ON DELETE CASCADE,
    UNIQUE(task_id, name, model_name)
);
CREATE TABLE case_definitions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    suite_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    base_parameters TEXT NOT NULL,
    model_size TEXT,
    backend TEXT,
    threads INTEGER,
    precision TEXT,
    execution_time_seconds REAL,
    status TEXT DEFAULT 'success',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (suite_id) REFERENCES suites(id) ON DELETE CASCADE,
    UNIQUE(suite_id, name)
);
CREATE TABLE case_variable_values (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL,
    variable_name TEXT NOT NULL,
    variable_value TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (case_id) REFERENCES case_definitions(id) ON DELETE CASCADE,
    UNIQUE(case_id, variable_name)
);
CREATE TABLE benchmark_results (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id INTEGER NOT NULL,
    result_type TEXT NOT NULL,
    result_parameter TEXT NOT NULL,
    mean_value REAL NOT NULL,
    std_value REAL,
    value_type TEXT DEFAULT 'single',
    unit TEXT DEFAULT 'tokens/sec',
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP, ptypes TEXT,
    FOREIGN KEY (case_id) REFERENCES case_definitions(id) ON DELETE CASCADE,
    UNIQUE(case_id, result_type, result_parameter)
);
CREATE INDEX idx_suites_task_id ON suites(task_id);
CREATE INDEX idx_cases_suite_id ON case_definitions(suite_id);
CREATE INDEX idx_results_case_id ON benchmark_results(case_id);
CREATE INDEX idx_case_variables_case_id ON case_variable_values(case_id);
CREATE INDEX idx_original_name ON tasks(original_name);
`

// SamplesSchema is sweepstat's one addition to the schema, made by import:
// the per-repetition values of a result, where the input had them
// (llama-bench JSON). Tools that know only the mnn_anal tables ignore it.
const SamplesSchema = `CREATE TABLE IF NOT EXISTS benchmark_samples (
    result_id INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (result_id, idx),
    FOREIGN KEY (result_id) REFERENCES benchmark_results(id) ON DELETE CASCADE
);
`
