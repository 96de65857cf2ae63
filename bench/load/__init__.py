"""`make load` (`python -m bench.load`): gunicorn on loopback under mixed traffic from wrk.

Search, browse, detail pages, the API list and logged-in hours writes (API tokens), for a bounded
time, on the load test's own database: SQLite under var/load/ without DATABASE_URL, or `<db>_load`
beside a PostgreSQL DATABASE_URL's database (there measured with 1 and then 2 gunicorn workers).
Reports requests/s, latency percentiles, errors (must be 0), "database is locked" lines in the
server log (must be 0) and whether every acknowledged hours write landed exactly once, into
docs/load.md and bench/load.json.

Modules: environment (databases, paths, the server's environment), child (seeding and the audit,
inside Django), server (start and always stop gunicorn), wrk (runs wrk with mix.lua and reads its
result), report (the markdown and JSON), __main__ (the run, step by step).
"""
