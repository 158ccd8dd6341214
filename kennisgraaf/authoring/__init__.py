"""Authoring for policy users: municipality models and household cases from spreadsheets and YAML.

* :mod:`.readers` read CSV, XLSX and YAML safely into rows of one tabular layout (:mod:`.schema`);
* :mod:`.resolver` resolves ids and names against the loaded national data;
* :mod:`.build` applies the privacy guard and turns rows into RDF;
* :mod:`.importer` validates the result with the data and writes Turtle atomically;
* :mod:`.exporter` writes the graph back out (Turtle, N-Triples, JSON-LD, CSV, XLSX);
* :mod:`.templates` holds the commented YAML templates of ``kennisgraaf new``.
"""

from .importer import ImportResult, import_files

__all__ = ["import_files", "ImportResult"]
