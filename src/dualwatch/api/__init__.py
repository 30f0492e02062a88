"""The HTTP API (``dualwatch serve``): yente-compatible matching plus dualwatch's monitoring,
case handling and audit, behind API keys with roles. See :func:`create_app`."""

from dualwatch.api.app import create_app

__all__ = ["create_app"]
