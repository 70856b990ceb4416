"""Pages of political study: the topic catalogue, sessions, attendance lists, figures."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from django_tables2 import RequestConfig

from apps.core.concurrency import UnchangedRecordMixin, Watched, digest_rows
from apps.core.exports import csv_response, table_rows
from apps.core.models import subquery_count, user_paths_condition
from apps.core.tables import BoundedPaginator
from apps.core.views import (
    PageMixin,
    RecordActionView,
    RecordCreateView,
    RecordDeleteView,
    RecordDetailView,
    RecordListView,
    RecordUpdateView,
)
from apps.organizations.views import SubtreeFiguresView
from apps.oversight.models import Inspection, InspectionSubject

from . import services
from .filters import InspectedFilterSet, MissedFilterSet, SessionFilterSet, TopicFilterSet
from .forms import AttendanceForm, SessionForm, TopicForm
from .models import Attendance, StudySession, StudyTopic
from .statistics import COLUMNS, statistics_csv_rows, study_statistics
from .tables import AttendanceTable, InspectedTable, MissedTable, SessionTable, TopicTable


class StudyListView(RecordListView):
    template_name = "studies/record_list.html"


# Topics


class TopicList(StudyListView):
    model = StudyTopic
    table_class = TopicTable
    filterset_class = TopicFilterSet
    create_url_name = "studies:topic-create"
    export_basename = "chu-de-hoc-tap"

    def get_base_queryset(self):
        in_scope = user_paths_condition(self.request.user, "organizer__path")
        return StudyTopic.objects.select_related("owner").annotate(
            session_count=subquery_count(StudySession.objects.filter(in_scope), "topic")
        )


class TopicDetail(RecordDetailView):
    """The topic, its sessions year by year in the user's scope, and its inspections."""

    model = StudyTopic
    template_name = "studies/topic_detail.html"
    detail_fields = [
        "kind", "title", "short_title", "year", "term", "issuing_body", "document_number",
        "issued_on", "owner", "description",
    ]  # fmt: skip

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        topic, user = self.object, self.request.user
        sessions = StudySession.objects.visible_to(user).filter(topic=topic)
        sessions_url = reverse("studies:session-list")
        by_year = sorted(
            sessions.totals_by("held_on__year"), key=lambda row: row["held_on__year"], reverse=True
        )
        for row in by_year:
            row["year"] = row["held_on__year"]
            row["url"] = f"{sessions_url}?{urlencode({'topic': topic.pk, 'year': row['year']})}"
        context.update(
            by_year=by_year,
            inspections=topic.inspections.visible_to(user)
            .select_related("performer")
            .order_by("-started_on"),
            can_edit=StudyTopic.objects.editable_by(user).filter(pk=topic.pk).exists(),
            new_session_url=f"{reverse('studies:session-create')}?{urlencode({'topic': topic.pk})}",
        )
        return context


class EditableTopicMixin:
    """Topics kept above the user's organization are read, not changed, by them."""

    def get_queryset(self):
        return StudyTopic.objects.editable_by(self.request.user)


class TopicCreate(RecordCreateView):
    model = StudyTopic
    form_class = TopicForm
    list_url_name = "studies:topic-list"


class TopicUpdate(EditableTopicMixin, RecordUpdateView):
    model = StudyTopic
    form_class = TopicForm


class TopicDelete(EditableTopicMixin, RecordDeleteView):
    model = StudyTopic
    success_url_name = "studies:topic-list"
    protected_message = gettext_lazy(
        "“%(name)s” cannot be deleted: %(count)d sessions studied it (%(shown)s)."
    )


# Sessions


class SessionList(StudyListView):
    model = StudySession
    table_class = SessionTable
    filterset_class = SessionFilterSet
    create_url_name = "studies:session-create"
    export_basename = "sinh-hoat-chinh-tri"
    title = gettext_lazy("Study sessions")

    def get_base_queryset(self):
        return StudySession.objects.select_related("topic", "organizer")

    def get_table_pagination(self, table):
        pagination = super().get_table_pagination(table)
        if pagination:
            # The totals count the filtered sessions: the paginator takes that count.
            pagination = {**pagination, "known_count": self.totals["sessions"]}
        return pagination

    @cached_property
    def totals(self) -> dict:
        return self.object_list.totals()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totals"] = self.totals
        return context


class SessionDetail(RecordDetailView):
    """The session's counts and, when recorded, its attendance list (also as CSV)."""

    model = StudySession
    template_name = "studies/session_detail.html"
    detail_fields = [
        "topic", "organizer", "held_on", "title", "format", "connected_points",
        "attendee_visits", "member_visits", "members_expected", "members_counted",
        "has_attendance_list", "note",
    ]  # fmt: skip

    def get_base_queryset(self):
        return StudySession.objects.select_related("topic", "organizer")

    def attendance(self):
        return (
            self.object.attendance.visible_to(self.request.user)
            .select_related("member", "organization")
            .order_by("organization__path", "member__name_sort_key", "pk")
        )

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            self.object = self.get_object()
            table = AttendanceTable(self.attendance())
            filename = f"diem-danh-{self.object.held_on:%Y%m%d}-{self.object.pk}.csv"
            return csv_response(table_rows(table), filename)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.object
        pk = [session.pk]
        if session.has_attendance_list:
            table = AttendanceTable(self.attendance())
            RequestConfig(
                self.request, paginate={"per_page": 50, "paginator_class": BoundedPaginator}
            ).configure(table)
            context["attendance_table"] = table
        context.update(
            urls={
                "update": reverse("studies:session-update", args=pk),
                "delete": reverse("studies:session-delete", args=pk),
                "attendance": reverse("studies:session-attendance", args=pk),
                "clear": reverse("studies:session-attendance-clear", args=pk),
            },
        )
        return context


class SessionCreate(RecordCreateView):
    model = StudySession
    form_class = SessionForm
    list_url_name = "studies:session-list"

    def get_initial(self):
        initial = super().get_initial()
        topic = self.request.GET.get("topic", "")
        if topic.isdigit():
            initial["topic"] = topic
        if self.request.user.home_organization_id:
            initial["organizer"] = self.request.user.home_organization_id
        return initial


class SessionUpdate(RecordUpdateView):
    model = StudySession
    form_class = SessionForm


class SessionDelete(RecordDeleteView):
    model = StudySession
    success_url_name = "studies:session-list"
    cascade_relations = {"count": "attendance"}
    cascade_message = gettext_lazy("Its attendance list of %(count)d members is deleted with it.")


def watched_attendance(session):
    """A session's attendance list as one value, for the no-lost-updates check."""
    rows = list(session.attendance.values_list("member_id", "present", "note"))
    if session.has_attendance_list:
        present = sum(1 for _member, was_present, _note in rows if was_present)
        text = _("%(present)d of %(total)d present") % {"present": present, "total": len(rows)}
    else:
        text = _("not recorded")
    value = digest_rows([(session.has_attendance_list,), *rows])
    return {"attendance": Watched(_("Attendance list"), value, text)}


class AttendanceView(UnchangedRecordMixin, PageMixin, FormView):
    """Tick who came; a list not yet recorded starts with everyone ticked present.

    Saving is refused if the session or its list changed since the page was opened.
    """

    form_class = AttendanceForm
    template_name = "studies/attendance_form.html"
    permission_required = "studies.add_attendance"

    def dispatch(self, request, *args, **kwargs):
        self.check_permissions(request)
        self.session = get_object_or_404(
            StudySession.objects.allowing(request.user, self.permission_required).select_related(
                "organizer", "topic"
            ),
            pk=kwargs["pk"],
        )
        self.roster = list(
            services.expected_memberships(self.session.organizer, self.session.held_on)
        )
        return super().dispatch(request, *args, **kwargs)

    def get_title(self):
        return _("Attendance list: %s") % self.session

    def guarded_object(self):
        return self.session

    def watched_extra(self, stored):
        return watched_attendance(stored)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["roster"] = self.roster
        return kwargs

    def get_initial(self):
        rows = {row.member_id: row for row in self.session.attendance.all()}
        if self.session.has_attendance_list:
            present = [member_id for member_id, row in rows.items() if row.present]
        else:
            present = [membership.member_id for membership in self.roster]
        self.notes = {member_id: row.note for member_id, row in rows.items()}
        return {"attendee_visits": self.session.attendee_visits, "present": present}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        if form.is_bound:
            posted = self.request.POST
            present = {int(value) for value in posted.getlist("present") if value.isdigit()}
            notes = {row.member_id: posted.get(f"note-{row.member_id}", "") for row in self.roster}
        else:
            present = set(self.get_initial()["present"])
            notes = self.notes
        groups = []
        for membership in self.roster:
            if not groups or groups[-1]["organization"] != membership.organization:
                groups.append({"organization": membership.organization, "rows": []})
            groups[-1]["rows"].append(
                {
                    "member": membership.member,
                    "present": membership.member_id in present,
                    "note": notes.get(membership.member_id, ""),
                }
            )
        context.update(
            session=self.session, groups=groups, cancel_url=self.session.get_absolute_url()
        )
        return context

    def form_valid(self, form):
        refused = self.refuse_if_changed(form)
        if refused is not None:
            return refused
        try:
            services.record_attendance(
                self.session,
                form.cleaned_data["present"],
                notes=form.cleaned_data["notes"],
                attendee_visits=form.cleaned_data["attendee_visits"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Attendance recorded: %(present)d of %(expected)d members present.")
            % {"present": len(form.cleaned_data["present"]), "expected": len(self.roster)},
        )
        return HttpResponseRedirect(self.session.get_absolute_url())


class AttendanceClear(RecordActionView):
    """Drop a session's list; its counts stay as they were, and may then be typed."""

    model = StudySession
    action_label = gettext_lazy("Delete the attendance list")
    explanation = gettext_lazy(
        "The member-by-member list is deleted. The session keeps its counts, which you can "
        "then correct by hand."
    )
    success_message = gettext_lazy("The attendance list was deleted.")

    form_class = forms.Form

    def get_action_form_kwargs(self):
        return {}

    def watched_extra(self, stored):
        return watched_attendance(stored)

    def perform(self, form):
        services.clear_attendance(self.get_object())


# Figures


class StatisticsView(SubtreeFiguresView):
    """Per topic: sessions, visits, the rate, who missed it and who was inspected on it."""

    template_name = "studies/statistics.html"
    permission_model = StudySession
    title = gettext_lazy("Political study statistics")
    export_basename = "thong-ke-hoc-tap"

    def default_year(self, within):
        """The latest year with sessions, else this year."""
        sessions = StudySession.objects.visible_to(self.request.user)
        latest = sessions.order_by("-held_on").values_list("held_on", flat=True).first()
        return latest.year if latest else super().default_year(within)

    def get_rows(self, year, within):
        return study_statistics(self.request.user, year, within)

    def csv_rows(self, rows):
        return statistics_csv_rows(rows)

    def get_context_data(self, **kwargs):
        kwargs.setdefault("columns", COLUMNS)
        return super().get_context_data(**kwargs)


class MissedList(StudyListView):
    """Members on an attendance list of the topic that year who attended none of its sessions."""

    model = Attendance
    table_class = MissedTable
    filterset_class = MissedFilterSet
    export_basename = "dang-vien-chua-hoc-tap"
    title = gettext_lazy("Members who missed a topic")

    def get_filterset_kwargs(self, filterset_class):
        # Bound even without parameters, so that no topic chosen means no rows.
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["data"] = self.request.GET
        return kwargs

    def get_base_queryset(self):
        return Attendance.objects.missed().select_related("member", "organization", "session")


class InspectedList(StudyListView):
    """The organizations whose study of a topic was inspected, each once."""

    model = InspectionSubject
    table_class = InspectedTable
    filterset_class = InspectedFilterSet
    export_basename = "kiem-tra-hoc-tap"
    title = gettext_lazy("Organizations inspected on study")

    def get_base_queryset(self):
        checked = Inspection.objects.filter(study_topics__isnull=False)
        return (
            InspectionSubject.objects.organizations()
            .filter(event__in=checked.values("pk"))
            .select_related("organization", "event__performer")
        )
