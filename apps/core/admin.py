"""Admin pieces that apply the same organization scope as the pages."""

from django.contrib import admin

from .text import search_terms


class ScopedAdmin(admin.ModelAdmin):
    """A model admin that shows and offers only what the user's scope allows.

    Lists, change pages and foreign-key choices all go through `visible_to`; models
    with a folded `search_text` column get the same accent-insensitive search as pages.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related_queryset = db_field.related_model._default_manager.all()
        if hasattr(related_queryset, "visible_to"):
            kwargs.setdefault("queryset", related_queryset.visible_to(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related_queryset = db_field.related_model._default_manager.all()
        if hasattr(related_queryset, "visible_to"):
            kwargs.setdefault("queryset", related_queryset.visible_to(request.user))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        has_folded = any(f.name == "search_text" for f in self.model._meta.get_fields())
        if not has_folded:
            return super().get_search_results(request, queryset, search_term)
        for term in search_terms(search_term):
            queryset = queryset.filter(search_text__contains=term)
        return queryset, False
