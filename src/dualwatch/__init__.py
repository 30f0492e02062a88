"""dualwatch: vigilant monitoring of dual-use trade with Russia.

Data flows one way: sources -> store -> index -> match -> assess -> serve. The functions
re-exported here are the Python API; the CLI and the REST API are thin layers over them.
"""

__version__ = "0.1.0"
