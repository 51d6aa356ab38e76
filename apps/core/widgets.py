"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import conditional_escape, escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """Attributes as django/forms/widgets/attrs.html writes them: in order, False left
    out, True as a bare name."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class PlainSelect(forms.Select):
    """A ``<select>`` rendered in Python rather than through the form templates.

    Django renders every ``<option>`` through its own template include, after building a
    context dict per option; on the public filter forms (the overseas country list, the
    lookup's practice areas and districts), rendered on every uncached lookup, that is a
    few hundred template renders a page (measured: lookups 107–109 → 114–117 req/s,
    bench/README.md). Same markup as ``forms.Select`` — the same rules for ``selected``
    (the first match only, unless multiple), optgroups and attributes — written straight
    from ``self.choices``; every value and label is escaped as ``{{ }}`` would.
    """

    def use_required_attribute(self, initial: Any) -> bool:
        # Django asks this of every select before it checks whether the field is required,
        # and Select's answer reads the first choice: for choices built on demand (the
        # lookup's cached areas and districts) that built them a second time per render.
        return self.is_required and super().use_required_attribute(initial)

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        chosen = self.format_value(value)  # strings, as Django's optgroups compares them
        has_selected = False
        parts: list[str] = []

        def option(option_value: Any, label: Any) -> str:
            nonlocal has_selected
            selected = (not has_selected or self.allow_multiple_selected) and str(
                option_value
            ) in chosen
            has_selected |= selected
            return (
                f'<option value="{escape(option_value)}"{" selected" if selected else ""}>'
                f"{conditional_escape(label)}</option>"
            )

        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, (list, tuple)):
                inner = "".join(
                    option(sub_value, sub_label) for sub_value, sub_label in option_label
                )
                parts.append(
                    f'<optgroup label="{conditional_escape(option_value)}">{inner}</optgroup>'
                )
            else:
                parts.append(option(option_value, option_label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attrs(final_attrs),
            mark_safe("".join(parts)),  # noqa: S308 - every part escaped above  # nosec B308, B703
        )
