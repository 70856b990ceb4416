"""Vietnamese first: the language is the user's explicit choice, never the browser's."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Activate the language chosen with the switch, else Vietnamese.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    clerks' browsers are set to English; the interface must still open in Vietnamese.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
