"""The benchmark cases; each returns bench.report.Result rows."""
