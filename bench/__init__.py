"""Benchmarks (`make bench`, `make bench FULL=1`): ratios against baselines measured in the same
run, on a separately seeded database. Not a test suite: nothing here runs in `make test`."""
