"""dualwatch: vigilant monitoring of dual-use trade with Russia.

Data flows one way: sources -> store -> index -> match -> assess -> serve. The functions
re-exported here are the Python API; the CLI and the REST API are thin layers over them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "compare", "screen"]

if TYPE_CHECKING:  # typed for callers; imported lazily at run time (the matcher is heavy)
    from dualwatch.match import compare as compare
    from dualwatch.screening import screen as screen


def __getattr__(name: str) -> Any:
    """``dualwatch.screen`` and ``dualwatch.compare`` without importing the matcher eagerly."""
    if name == "screen":
        from dualwatch.screening import screen

        return screen
    if name == "compare":
        from dualwatch.match import compare

        return compare
    raise AttributeError(name)
