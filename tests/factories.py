"""Factories for test data: each test builds exactly the records it talks about."""

import factory
from django.contrib.auth import get_user_model

from apps.accounts.models import RoleAssignment
from apps.organizations.defaults import ensure_default_kinds
from apps.organizations.models import Commune, OrganizationKind, PartyOrganization


def kind(code: str) -> OrganizationKind:
    """One of the default kinds that the data migration creates.

    Transactional tests (the browser tests) empty the tables afterwards, migration data
    included, so the kinds are recreated when they are missing.
    """
    found = OrganizationKind.objects.filter(code=code).first()
    return found or ensure_default_kinds(OrganizationKind)[code]


class CommuneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"commune-{n}")
    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    kind = Commune.Kind.COMMUNE


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    code = factory.Sequence(lambda n: f"ORG-{n:04d}")
    name = factory.Sequence(lambda n: f"Tổ chức {n}")
    kind = factory.LazyFunction(lambda: kind("district"))
    parent = None


def district(**kwargs) -> PartyOrganization:
    kwargs.setdefault("name", "Đảng bộ huyện Thoại Sơn")
    return OrganizationFactory(kind=kind("district"), **kwargs)


def base_committee(parent, **kwargs) -> PartyOrganization:
    return OrganizationFactory(kind=kind("base-committee"), parent=parent, **kwargs)


def cell(parent, **kwargs) -> PartyOrganization:
    return OrganizationFactory(kind=kind("cell"), parent=parent, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()

    @factory.post_generation
    def roles(obj, create, extracted, **kwargs):
        """`roles=["leader", ...]` held at the home organization. Without it, a user with
        a home organization is its office (the top of the tree) or its base clerk, who
        read and write everything there, as users did before roles."""
        if not create or obj.home_organization_id is None:
            return
        if extracted is None:
            top = obj.home_organization.parent_id is None
            extracted = ["office" if top else "base_clerk"]
        for role in extracted:
            RoleAssignment.objects.create(user=obj, role=role, organization=obj.home_organization)


def member(cell, *, admitted_on="2020-01-15", **profile):
    """A probationary member admitted through the service, as a clerk would."""
    import datetime

    from apps.members.services import admit_member

    if isinstance(admitted_on, str):
        admitted_on = datetime.date.fromisoformat(admitted_on)
    profile.setdefault("family_name", "Nguyễn Văn")
    profile.setdefault("given_name", "An")
    profile.setdefault("gender", "male")
    return admit_member(cell=cell, admitted_on=admitted_on, **profile)
