"""Panels an app adds to another app's detail pages.

An app may only import the apps below it, yet a member's page should list the
inspections they were subject to. The upper app registers a panel for the lower
app's model (from its `AppConfig.ready`), and `RecordDetailView` shows every panel
registered for the record's model.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DetailPanel:
    template_name: str
    # (record, request) -> the panel's context, or None to leave the panel out.
    get_context: Callable
    order: int = 100


_panels: dict[str, list[DetailPanel]] = defaultdict(list)


def register_panel(model_label: str, template_name: str, get_context, order: int = 100):
    """Show `template_name` on the detail page of every `model_label` ("app.Model") record."""
    _panels[model_label.lower()].append(DetailPanel(template_name, get_context, order))


def panels_for(record, request) -> list[dict]:
    """The panels of `record`'s model, each as {"template_name", "context"}."""
    shown = []
    for panel in sorted(_panels[record._meta.label_lower], key=lambda panel: panel.order):
        context = panel.get_context(record, request)
        if context is not None:
            shown.append({"template_name": panel.template_name, "context": context})
    return shown
