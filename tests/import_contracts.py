"""An import-linter contract type for what the built-in ones cannot say (used by
``lint-imports``, registered in pyproject.toml).

import-linter squashes an external package to its top level (``PySide6``), so its
``forbidden`` contract cannot forbid one Qt module while allowing another.
``forbidden_submodules`` reads the import lines grimp recorded for each source module and
fails on any that names a forbidden submodule (``PySide6.QtWidgets``), in any spelling:
``import PySide6.QtWidgets``, ``from PySide6.QtWidgets import …``,
``from PySide6 import QtWidgets``.
"""

from __future__ import annotations

import re

import grimp
from importlinter import Contract, ContractCheck, fields, output


class ForbiddenSubmodulesContract(Contract):
    """Modules under ``source_modules`` never import any of ``forbidden_modules``."""

    type_name = "forbidden_submodules"

    source_modules = fields.ListField(subfield=fields.ModuleField())
    forbidden_modules = fields.ListField(subfield=fields.StringField())

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        broken: list[str] = []
        for forbidden in self.forbidden_modules:  # type: ignore[attr-defined]
            top, _, sub = str(forbidden).partition(".")
            patterns = [re.compile(rf"\b{re.escape(str(forbidden))}\b")]
            if sub:
                patterns.append(
                    re.compile(rf"\bfrom\s+{re.escape(top)}\s+import\b.*\b{re.escape(sub)}\b")
                )
            for source in self.source_modules:  # type: ignore[attr-defined]
                modules = {source.name} | graph.find_descendants(source.name)
                for module in sorted(modules):
                    for detail in graph.get_import_details(importer=module, imported=top):
                        line = str(detail["line_contents"])
                        if any(p.search(line) for p in patterns):
                            broken.append(f"{module}:{detail['line_number']}: {line}")
        return ContractCheck(kept=not broken, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for line in check.metadata["broken"]:
            output.print_error(line, bold=False)
            output.new_line()
