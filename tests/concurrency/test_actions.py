"""Lifecycle actions, deletions, attendance lists and reopening, by two people at once."""

import datetime

from django.urls import reverse

from apps.closing.models import YearApproval
from apps.closing.services import approve_year
from apps.members.models import MemberEvent, MemberStatus
from apps.mobilization.models import MobilizationModel
from apps.organizations.models import PartyOrganization
from apps.studies.models import StudySession
from tests.closing.conftest import grant
from tests.factories import UserFactory, member

from .conftest import a_mobilization_model, a_study_session, form_data, logged_in


def test_two_clerks_recognise_one_member_once(tree, clerks):
    probationary = member(tree["vong_the_1"], given_name="An", admitted_on="2015-01-10")
    url = reverse("members:recognise", args=[probationary.pk])
    first, second = clerks
    first_form, second_form = first.get(url), second.get(url)

    assert first.post(url, form_data(first_form, on="15/01/2016")).status_code == 302
    refused = second.post(url, form_data(second_form, on="20/01/2016", decision="2-QĐ"))

    assert refused.status_code == 200
    form = refused.context["form"]
    assert form.conflict.reason == "changed"
    errors = form.non_field_errors()
    assert "Status: “Probationary” when you opened the form, now “Official”." in errors
    assert "Official since: “—” when you opened the form, now “15/01/2016”." in errors
    assert "Last recorded step: “Admitted, 10/01/2015” when you opened the form, now " in (
        " ".join(errors)
    )
    probationary.refresh_from_db()
    assert (probationary.status, probationary.official_on) == (
        MemberStatus.OFFICIAL,
        datetime.date(2016, 1, 15),
    )
    assert probationary.events.filter(kind=MemberEvent.Kind.RECOGNITION).count() == 1


def test_an_action_is_refused_after_another_action_but_not_after_a_profile_edit(tree, clerks):
    person = member(tree["vong_the_1"], given_name="An", admitted_on="2015-01-10")
    first, second = clerks
    recognise = reverse("members:recognise", args=[person.pk])
    opened = second.get(recognise)
    edit = reverse("members:update", args=[person.pk])
    assert first.post(edit, form_data(first.get(edit), occupation="Giáo viên")).status_code == 302
    # Correcting the profile does not change what recognition depends on.
    assert second.post(recognise, form_data(opened, on="15/01/2016")).status_code == 302

    transfer = reverse("members:transfer", args=[person.pk])
    opened = second.get(transfer)
    exempt = reverse("members:exemption", args=[person.pk])
    assert first.post(exempt, form_data(first.get(exempt), start="01/02/2016")).status_code == 302
    refused = second.post(
        transfer, form_data(opened, to_cell=tree["vong_the_2"].pk, on="01/03/2016")
    )
    assert refused.context["form"].conflict.reason == "changed"
    person.refresh_from_db()
    assert person.cell == tree["vong_the_1"]


def test_two_clerks_dissolve_one_organization(tree, clerks):
    unit = tree["oc_eo_2"]
    url = reverse("organizations:dissolve", args=[unit.pk])
    first, second = clerks
    first_form, second_form = first.get(url), second.get(url)
    assert first.post(url, form_data(first_form, effective_on="01/01/2024")).status_code == 302
    refused = second.post(url, form_data(second_form, effective_on="01/02/2024"))
    assert refused.status_code == 200
    assert "Dissolved on: “—” when you opened the form, now “01/01/2024”." in (
        refused.context["form"].non_field_errors()
    )
    assert PartyOrganization.objects.get(pk=unit.pk).dissolved_on == datetime.date(2024, 1, 1)


def test_deleting_a_record_changed_since_the_confirmation_is_refused(tree, clerks):
    model = a_mobilization_model(tree)
    delete = reverse("mobilization:model-delete", args=[model.pk])
    edit = reverse("mobilization:model-update", args=[model.pk])
    first, second = clerks
    confirmation = second.get(delete)
    assert first.post(edit, form_data(first.get(edit), name="Tổ an ninh mới")).status_code == 302

    refused = second.post(delete, form_data(confirmation))
    assert refused.status_code == 200
    assert "Name: “Tổ tự quản” when you opened the form, now “Tổ an ninh mới”." in (
        refused.context["form"].non_field_errors()
    )
    assert 'data-conflict="changed"' in refused.content.decode()
    assert MobilizationModel.objects.filter(pk=model.pk).exists()

    # Seen again, the same record may be deleted.
    assert second.post(delete, form_data(second.get(delete))).status_code == 302
    assert not MobilizationModel.objects.filter(pk=model.pk).exists()


def test_deleting_without_the_fingerprint_is_refused(tree, clerks):
    model = a_mobilization_model(tree)
    delete = reverse("mobilization:model-delete", args=[model.pk])
    refused = clerks[0].post(delete)
    assert refused.status_code == 200
    assert refused.context["form"].conflict.reason == "invalid"
    assert MobilizationModel.objects.filter(pk=model.pk).exists()


def test_two_clerks_record_one_attendance_list(tree, clerks):
    people = [
        member(tree["vong_the_1"], given_name=name, admitted_on="2015-01-10")
        for name in ("An", "Bảo")
    ]
    session = a_study_session(tree)
    url = reverse("studies:session-attendance", args=[session.pk])
    first, second = clerks
    first_form, second_form = first.get(url), second.get(url)
    everyone = [str(person.pk) for person in people]

    saved = first.post(url, form_data(first_form, present=everyone[:1], attendee_visits=5))
    assert saved.status_code == 302
    refused = second.post(url, form_data(second_form, present=everyone, attendee_visits=6))
    assert refused.status_code == 200
    errors = refused.context["form"].non_field_errors()
    assert "Attendance list: “not recorded” when you opened the form, now “1 of 2 present”." in (
        errors
    )
    assert "data-reload" in refused.content.decode()
    session = StudySession.objects.get(pk=session.pk)
    assert (session.member_visits, session.attendee_visits) == (1, 5)

    # A changed note alone is a change of the list too.
    reopened = second.get(url)
    first.post(
        url,
        form_data(
            first.get(url),
            present=everyone[:1],
            attendee_visits=5,
            **{f"note-{people[1].pk}": "Ốm"},
        ),
    )
    refused = second.post(url, form_data(reopened, present=everyone, attendee_visits=6))
    assert refused.context["form"].conflict.reason == "changed"


def test_two_leaders_reopen_one_year(tree):
    leaders = [
        grant(UserFactory(home_organization=tree["district"]), "approve_year", "reopen_year")
        for _ in range(2)
    ]
    approval = approve_year(tree["district"], 2024, by=leaders[0])
    url = reverse("closing:reopen", args=[approval.pk])
    first, second = (logged_in(user) for user in leaders)
    first_form, second_form = first.get(url), second.get(url)
    assert first.post(url, form_data(first_form, reason="Sửa số liệu")).status_code == 302
    refused = second.post(url, form_data(second_form, reason="Bổ sung"))
    assert refused.status_code == 200
    assert refused.context["form"].conflict.reason == "changed"
    assert "Reason for reopening: “—” when you opened the form, now “Sửa số liệu”." in (
        refused.context["form"].non_field_errors()
    )
    assert YearApproval.objects.get(pk=approval.pk).reopen_reason == "Sửa số liệu"


def test_deleting_a_list_changed_since_the_confirmation_is_refused(tree, clerks):
    people = [
        member(tree["vong_the_1"], given_name=name, admitted_on="2015-01-10")
        for name in ("An", "Bảo")
    ]
    session = a_study_session(tree)
    attendance = reverse("studies:session-attendance", args=[session.pk])
    clear = reverse("studies:session-attendance-clear", args=[session.pk])
    first, second = clerks
    everyone = [str(person.pk) for person in people]
    first.post(attendance, form_data(first.get(attendance), present=everyone, attendee_visits=6))
    confirmation = second.get(clear)
    first.post(
        attendance,
        form_data(first.get(attendance), present=everyone[:1], attendee_visits=6),
    )
    refused = second.post(clear, form_data(confirmation))
    assert refused.status_code == 200
    assert (
        "Attendance list: “2 of 2 present” when you opened the form, now “1 of 2 present”."
        in refused.context["form"].non_field_errors()
    )
    assert StudySession.objects.get(pk=session.pk).has_attendance_list
