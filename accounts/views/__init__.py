"""Pages of the accounts area, one module per area (account, saved, searches, hours, verify, progress).
Views are thin: read through selectors, write through one service; per-user objects are looked up
scoped to request.user, so another person's id is a 404."""
