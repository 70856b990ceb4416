"""Two clerks edit one record at once: the second save is refused and told what changed."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst

from apps.core.concurrency import (
    FIELD_NAME,
    SALT,
    changes_since,
    fingerprint,
    read_fingerprint,
)

from .conftest import RECORDS, form_data


def stored(record):
    return type(record)._base_manager.get(pk=record.pk)


@pytest.mark.parametrize("kind", list(RECORDS))
def test_the_second_save_is_refused_and_told_what_changed(kind, tree, clerks):
    build, url_name, field, first_value, second_value = RECORDS[kind]
    record = build(tree)
    url = reverse(url_name, args=[record.pk])
    first, second = clerks
    started_from = form_data(first.get(url))[field]
    first_form, second_form = first.get(url), second.get(url)

    saved = first.post(url, form_data(first_form, **{field: first_value}))
    assert saved.status_code == 302, saved.context and saved.context["form"].errors
    refused = second.post(url, form_data(second_form, **{field: second_value}))

    assert refused.status_code == 200
    assert getattr(stored(record), field) == first_value
    form = refused.context["form"]
    label = capfirst(record._meta.get_field(field).verbose_name)
    with translation.override("en"):
        before = started_from or "—"
        expected = f"{label}: “{before}” when you opened the form, now “{first_value}”."
    errors = form.non_field_errors()
    assert errors[0].startswith("Someone else changed this record after you opened the form")
    assert expected in errors
    assert [change.label for change in form.conflict.changes] == [label]
    page = refused.content.decode()
    assert 'data-conflict="changed"' in page
    assert f'href="{url}" class="button" data-reload' in page
    # The clerk's own typing is kept on the page, beside the message.
    assert second_value in page

    # The reload link is the form again, with what is stored now.
    reloaded = second.get(url)
    assert form_data(reloaded)[field] == first_value
    assert second.post(url, form_data(reloaded, **{field: second_value})).status_code == 302
    assert getattr(stored(record), field) == second_value


def test_posting_the_refused_form_again_is_refused_again(tree, clerks):
    build, url_name, field, first_value, second_value = RECORDS["member"]
    record = build(tree)
    url = reverse(url_name, args=[record.pk])
    first, second = clerks
    second_form = second.get(url)
    first.post(url, form_data(first.get(url), **{field: first_value}))
    again = form_data(second_form, **{field: second_value})
    assert second.post(url, again).status_code == 200
    refused = second.post(url, again)
    assert refused.context["form"].conflict.reason == "changed"
    assert getattr(stored(record), field) == first_value


def test_a_change_to_a_field_the_clerk_did_not_touch_also_refuses(tree, clerks):
    """Any change since the form was opened refuses the save, also elsewhere in the record."""
    build, url_name, *_rest = RECORDS["member"]
    record = build(tree)
    url = reverse(url_name, args=[record.pk])
    first, second = clerks
    second_form = second.get(url)
    first.post(url, form_data(first.get(url), occupation="Nông dân"))
    refused = second.post(url, form_data(second_form, given_name="Anh"))
    assert refused.status_code == 200
    assert "Occupation: “—” when you opened the form, now “Nông dân”." in (
        refused.context["form"].non_field_errors()
    )
    assert stored(record).given_name == "An"


def test_an_unchanged_record_saves_as_before(tree, clerks):
    build, url_name, field, first_value, _second = RECORDS["organization"]
    record = build(tree)
    url = reverse(url_name, args=[record.pk])
    first, second = clerks
    second.get(url)  # only looking does not change anything
    assert first.post(url, form_data(first.get(url), **{field: first_value})).status_code == 302


def test_fields_the_user_may_not_see_travel_as_digests(tree):
    """A field the form does not show (personal data a user may not see) is not in the
    page's source; a change to it still refuses the save, named without its values."""
    record = RECORDS["member"][0](tree)
    record.birth_date = datetime.date(1980, 2, 3)
    record.save()
    token = fingerprint(record, private={"birth_date"})
    payload = signing.loads(token, salt=SALT)
    assert "birth_date" not in payload["v"]
    assert "1980" not in str(payload)
    assert payload["v"]["given_name"] == "An"
    type(record).objects.filter(pk=record.pk).update(birth_date=datetime.date(1981, 2, 3))
    with translation.override("en"):
        changes = changes_since(read_fingerprint(token, record), stored(record))
    assert [(str(c.label), c.before, c.after) for c in changes] == [("Date of birth", None, None)]


@pytest.mark.parametrize(
    ("fingerprint", "reason"),
    [(None, "invalid"), ("", "invalid"), ("garbage", "invalid"), ("tampered", "invalid")],
)
def test_a_missing_or_altered_fingerprint_is_refused_clearly(fingerprint, reason, tree, clerks):
    build, url_name, field, first_value, _second = RECORDS["member"]
    record = build(tree)
    url = reverse(url_name, args=[record.pk])
    first, _ = clerks
    data = form_data(first.get(url), **{field: first_value})
    if fingerprint is None:
        data.pop(FIELD_NAME)
    elif fingerprint == "tampered":
        data[FIELD_NAME] = data[FIELD_NAME][:-3] + (
            "AAA" if data[FIELD_NAME][-3:] != "AAA" else "BBB"
        )
    else:
        data[FIELD_NAME] = fingerprint
    refused = first.post(url, data)
    assert refused.status_code == 200
    assert refused.context["form"].conflict.reason == reason
    assert refused.context["form"].non_field_errors()[0].startswith("This form lacks its record")
    assert stored(record).given_name == "An"


def test_a_fingerprint_of_another_record_is_refused(tree, clerks):
    build, url_name, *_rest = RECORDS["member"]
    one, other = build(tree), build(tree)
    first, _ = clerks
    borrowed = form_data(first.get(reverse(url_name, args=[other.pk])))[FIELD_NAME]
    url = reverse(url_name, args=[one.pk])
    refused = first.post(
        url, form_data(first.get(url), given_name="Ân", record_fingerprint=borrowed)
    )
    assert refused.status_code == 200
    assert refused.context["form"].conflict.reason == "invalid"
    assert stored(one).given_name == "An"
