"""C++ log records go to ``logging.getLogger("aqm._core")``.

The library never configures logging.
"""

from __future__ import annotations

import atexit
import logging

from . import _core

_logger = logging.getLogger("aqm._core")


def _forward(level: int, message: str) -> None:
    _logger.log(level, message)


def install_log_forwarding() -> None:
    _core._set_log_handler(_forward)
    # Drop the handler before the interpreter tears down, so a late C++ record finds no Python.
    atexit.register(_core._set_log_handler, None)
