// Package report renders an analysis.Analysis as the files of a report
// directory: the Markdown report (Chinese or English) and the CSV files.
//
// Every renderer takes an io.Writer; only the command line touches paths.
// Names computes the file names that the report links to, so that links and
// files agree. Text that comes from the data (model names, option values) is
// escaped for the format it lands in: Markdown cells (no '|' or newline
// breaking a table), CSV cells (no leading '=', '+', '-', '@' that a
// spreadsheet would run as a formula) and file names (no '/', '..', or
// characters outside [A-Za-z0-9._-]).
package report
