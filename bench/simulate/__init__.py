"""`make simulate`: a feed-farm simulation of running Pitch In at scale (python -m bench.simulate).

farm.py        the loopback farm: N feeds of mixed behaviour on one port, and a record of each answer
environment.py the simulation's own database, broker and folders (never the app's or the tests')
processes.py   the real Celery workers and beat: started, watched, always stopped
worker_app.py  the app those processes run: config.celery plus the socket audit and a task log
audit.py       a socket-level record of every connection a process opens
run.py         register, run, sample progress, stop, then check
analysis.py    the checks and figures, from the database and the farm's record
report.py      bench/simulation.json and docs/simulation.md
"""
