"""Signal handlers set for a block and put back after it.

Takes a mapping of signal numbers to handlers and gives a context manager, used by the CLI (SIGTERM
taken as Ctrl-C) and by a site's local pool (Ctrl-C ignored while a worker starts or while the
workers are killed). Python sets handlers on the main thread only: elsewhere the block runs with the
handlers as they are.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any

Handler = Callable[[int, Any], Any] | int | signal.Handlers


@contextlib.contextmanager
def signal_handlers(handlers: Mapping[int, Handler]) -> Iterator[None]:
    """Set *handlers* for the block, then put the previous ones back (a no-op off the main thread).

    A previous handler not set from Python (``signal.signal`` gives None) cannot be put back; the
    default is the nearest.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {number: signal.signal(number, handler) for number, handler in handlers.items()}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, signal.SIG_DFL if handler is None else handler)


def raise_interrupt(signum: int, frame: object) -> None:
    """A handler that takes its signal as Ctrl-C."""
    raise KeyboardInterrupt
