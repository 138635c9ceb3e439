"""A deep call (a letter's layout) run in one large frame-stack chunk of CPython's.

CPython keeps its Python frames in 16 KB chunks per thread and frees a chunk each time the
stack returns below its first frame (gh-142183: so do 3.11, 3.12 and 3.13.0, checked here;
the fix of March 2026, one chunk kept in cache, went to 3.13 and 3.14 only). WeasyPrint's
layout recurses up and down; where its depth crosses a chunk's edge, every crossing maps
and unmaps 16 KB and faults it in again. How often depends only on the depth the letter
starts at: on Python 3.11, 30 to 2 100 page faults and 0 to 13.6 ms of system time per
letter measured for starting depths 12 frames apart, 136 faults (0.6 ms) where a batch's
worker renders. `appeler` runs the call inside a frame that reserves room (an unused
evaluation stack of 254 KB, never touched) so that CPython gives it a chunk of 512 KB, of
which 258 KB is free above it: the whole letter fits, no edge is crossed, 6 to 11 faults
per letter wherever it starts. Only the pages the call uses are ever touched; the chunk is
unmapped when the call returns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")

# CPython sizes a new chunk as the smallest power of two >= 8 bytes x (frame + 1000 slots),
# 16 KB at least (Python/pystate.c, push_chunk): a frame just over 31 768 slots gets 512 KB.
_RESERVE: Final = 31_800


def _appeler(fonction: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    return fonction(*args, **kwargs)


# The evaluation stack's size only decides how much room the frame takes in the chunk.
_appeler.__code__ = _appeler.__code__.replace(co_stacksize=_RESERVE)


def appeler(fonction: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
    """`fonction(*args, **kwargs)`, its frames in one fresh 512 KB chunk."""
    return _appeler(fonction, *args, **kwargs)
