"""kennisgraaf: a knowledge graph of the Dutch social domain that measures fragmentation.

The library is the product; the CLI, the HTML views and the SPARQL endpoint are thin layers over it.
"""

__version__ = "0.1.0"
