"""One URL module per area, each with its own namespace: account, saved, hours, verify, progress."""
