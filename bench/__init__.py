"""The benchmark harness: `make bench` (tier S), `make bench BENCH_TIER=L|XS`.

It fills a PostgreSQL database of its own with seeded German data (COPY),
times each case against its floor measured in the same run, and writes the
report to var/bench/. It is not a test and does not run in the test suite.
"""
