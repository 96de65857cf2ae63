"""Writes for people's own records, one module per job: account, searches, hours, verification,
goals, transcripts. Callers import the module: `from accounts.services import hours`."""
