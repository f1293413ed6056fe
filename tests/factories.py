"""factory_boy factories shared by the whole suite."""

from __future__ import annotations

from typing import cast

import factory
from django.utils import timezone

from accounts.models import User
from organizations.models import Membership, Organization, Role

DEFAULT_PASSWORD = "Herald-Test-1"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Acme {n}")
    slug = factory.Sequence(lambda n: f"acme-{n}")
    timezone = "UTC"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.MEMBER
    created_at = factory.LazyFunction(timezone.now)


def member_of(org: Organization, role: Role, **user_fields) -> User:
    user = cast(User, UserFactory(**user_fields))
    MembershipFactory(organization=org, user=user, role=role)
    return user
