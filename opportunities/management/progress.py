"""Progress for long commands: a line redrawn in place on a terminal, a few plain lines otherwise."""

from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """Callable as (done, total). Redraws at most every 0.2 s so it never slows the work."""

    def __init__(self, stream: TextIO, label: str) -> None:
        self.stream, self.label = stream, label
        self.tty = stream.isatty() if hasattr(stream, "isatty") else False
        self._last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self._last < 0.2:
            return
        self._last = now
        line = f"{self.label}: {done:,}/{total:,} items"
        if self.tty:
            self.stream.write(f"\r{line}" + ("\n" if done >= total else ""))
        elif done >= total or not self.tty:
            self.stream.write(line + "\n")
        self.stream.flush()
