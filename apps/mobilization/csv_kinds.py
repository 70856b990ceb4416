"""“Dân vận khéo” models, renewals and recognitions as CSV kinds (see apps/exchange)."""

from apps.exchange.registry import CsvKind, register

from .models import MobilizationModel, ModelRecognition, ModelRenewal

register(CsvKind("mobilization_models", MobilizationModel, order=500))
register(CsvKind("model_renewals", ModelRenewal, order=510))
register(CsvKind("model_recognitions", ModelRecognition, order=520))
