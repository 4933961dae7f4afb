"""factory_boy factories shared by the whole suite."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from wemi_community.accounts.models import Organisation, OrganisationStaff, User
from wemi_community.accounts.roles import Role
from wemi_community.catalogue.models import Municipio, Nil, ServiceCategory

DEFAULT_PASSWORD = "Una-password-lunga-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persona{n}@esempio.example")
    display_name = factory.Faker("first_name", locale="it_IT")
    nickname = factory.Sequence(lambda n: f"persona{n}")
    is_active = True
    email_confirmed_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            group, _ = Group.objects.get_or_create(name=Role(role).value)
            self.groups.add(group)
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Cooperativa Esempio {n}")
    slug = factory.Sequence(lambda n: f"cooperativa-esempio-{n}")


class OrganisationStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationStaff

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


def municipio(number: int = 1) -> Municipio:
    """The real Municipi are loaded by migration: look one up rather than inventing it."""
    return Municipio.objects.get(number=number)


def nil_in(number: int = 1) -> Nil:
    return Nil.objects.filter(municipio__number=number).order_by("code").first()


def service(name: str = "Baby sitter") -> ServiceCategory:
    return ServiceCategory.objects.get(level=ServiceCategory.Level.LEVEL2, name=name)
