"""Import of FIM XDatenfelder 2.0 and 3.0.0 Stammdatenschemas into form definitions."""

from rathaus.forms.fim.importer import fim_import
from rathaus.forms.fim.report import FimImport, FimImportError, ImportReport

__all__ = ["FimImport", "FimImportError", "ImportReport", "fim_import"]
