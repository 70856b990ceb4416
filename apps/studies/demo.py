"""Demo data (to come)."""


def load_studies():
    """Placeholder until the demo lands."""
