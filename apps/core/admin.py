"""Admin pieces that apply the same organization scope and closed years as the pages."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse

from apps.closing import locks

from .concurrency import with_unchanged_check
from .forms import ClosedYearModelForm, with_closed_year_check
from .models import PendingImport, may_write


class ScopedAdmin(admin.ModelAdmin):
    """A model admin that shows and offers only what the user's scope allows.

    Lists, change pages and foreign-key choices all go through `visible_to`; models
    with a folded `search_text` column get the same accent-insensitive search as pages.
    A record of a closed year is shown read-only (its governed fields, for records such
    as members whose profile stays correctable) and cannot be deleted; a new record in a
    closed year is refused by the form, with the message naming who approved the year.
    """

    form = ClosedYearModelForm
    change_form_template = "admin/core/change_form.html"

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

    # --- closed years ------------------------------------------------------------------

    def closure(self, request, obj):
        """The stored object's closure, looked up once per request."""
        if obj is None or obj.pk is None:
            return None
        cache = request.__dict__.setdefault("_closing_closures", {})
        key = (obj._meta.label, obj.pk)
        if key not in cache:
            stored = type(obj)._base_manager.filter(pk=obj.pk).first()
            cache[key] = locks.closure(stored) if stored is not None else None
        return cache[key]

    # --- roles: a record is changed only where the user's roles allow it -------------

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is not None and not may_write(request.user, obj, "change"):
            return False
        closure = self.closure(request, obj)
        return closure is None or closure.fields is not None

    def has_delete_permission(self, request, obj=None):
        if not super().has_delete_permission(request, obj):
            return False
        if obj is not None and not may_write(request.user, obj, "delete"):
            return False
        return self.closure(request, obj) is None

    def save_model(self, request, obj, form, change):
        # A new record, or one moved by the form, must land where the roles allow it.
        if not may_write(request.user, obj, "change" if change else "add"):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        closure = self.closure(request, obj)
        if closure is not None and closure.fields:
            fields += [name for name in sorted(closure.fields) if name not in fields]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = with_closed_year_check(super().get_form(request, obj, change=change, **kwargs))
        # A change saved over someone else's is refused (apps/core/concurrency.py).
        return with_unchanged_check(form) if obj is not None else form

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = with_closed_year_check(formset.form)
            yield formset, inline

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        closure = self.closure(request, obj)
        if closure is not None:
            self.message_user(request, locks.notice(obj, closure), messages.WARNING)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def refused(self, request, error: ValidationError, url=None):
        """A change refused while saving (an inline row of a closed year): say why, and
        show the page again; the admin's transaction has kept nothing."""
        self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(url or request.get_full_path())

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except locks.YearClosedError as error:
            return self.refused(request, error)

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except locks.YearClosedError as error:
            opts = self.opts
            change_url = reverse(
                f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                args=[object_id],
            )
            return self.refused(request, error, change_url)

    def changelist_view(self, request, extra_context=None):
        try:
            return super().changelist_view(request, extra_context)
        except locks.YearClosedError as error:
            return self.refused(request, error)


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
