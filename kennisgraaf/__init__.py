"""kennisgraaf: a knowledge graph of the Dutch social domain that measures fragmentation.

The library is the product; the CLI, the HTML views and the SPARQL endpoint are thin layers over it.

>>> import kennisgraaf
>>> kg = kennisgraaf.load()                      # doctest: +SKIP
>>> kg.score("gescheiden-vrouw").to_frame()      # doctest: +SKIP

See docs/api.md. The names below are imported on first use, so ``import kennisgraaf`` stays cheap.
"""

__version__ = "0.1.0"

__all__ = ["load", "Kennisgraaf", "ScoreResult", "PathResult", "Comparison", "WhatIf", "QueryResult",
           "KennisgraafError", "DataError", "__version__"]

_FROM = {"KennisgraafError": "errors", "DataError": "errors"}


def __getattr__(name: str):
    if name in __all__ and name != "__version__":
        import importlib
        module = importlib.import_module(f".{_FROM.get(name, 'api')}", __name__)
        return getattr(module, name)
    raise AttributeError(f"module 'kennisgraaf' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
