"""Admin pieces that apply the same organization scope as the pages."""

from django.contrib import admin

from .models import PendingImport


class ScopedAdmin(admin.ModelAdmin):
    """A model admin that shows and offers only what the user's scope allows.

    Lists, change pages and foreign-key choices all go through `visible_to`; models
    with a folded `search_text` column get the same accent-insensitive search as pages.
    """

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def scoped_choices(self, db_field, request, kwargs):
        related_queryset = db_field.related_model._default_manager.all()
        if hasattr(related_queryset, "visible_to"):
            kwargs.setdefault("queryset", related_queryset.visible_to(request.user))
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs = self.scoped_choices(db_field, request, kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs = self.scoped_choices(db_field, request, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        has_folded = any(f.name == "search_text" for f in self.model._meta.get_fields())
        if not has_folded:
            return super().get_search_results(request, queryset, search_term)
        return queryset.search(search_term), False


@admin.register(PendingImport)
class PendingImportAdmin(admin.ModelAdmin):
    """Uploads waiting for confirmation; each user sees only their own."""

    list_display = ["filename", "kind", "user", "created_at"]
    list_filter = ["kind"]
    search_fields = ["filename", "user__username"]
    readonly_fields = ["user", "kind", "filename", "created_at"]
    exclude = ["content"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("user")
        return queryset if request.user.is_superuser else queryset.filter(user=request.user)

    def has_add_permission(self, request):
        return False
