"""`{{ text|lang:language }}`: a definition Text in the page's language."""

from __future__ import annotations

from django import template

from rathaus.forms.definition import Text

register = template.Library()


@register.filter
def lang(text: Text | None, language: str) -> str:
    """German, or English where the form has it."""
    return text.get(language) if text is not None else ""
