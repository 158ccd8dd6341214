"""authoring commands (registered on `main`)."""

from . import main  # noqa: F401
