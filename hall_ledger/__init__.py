"""The central ledger service: FastAPI app, its own models and migrations, `counter-ledger`.

It imports nothing of counter_app: only the shared domain (hall_domain) and libraries."""

from importlib.metadata import PackageNotFoundError, version

try:  # both programs ship in the one distribution; its version is counter_app.__version__
    __version__ = version("hall-counter")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
