"""Loads the demo province through the real services. Running it again changes nothing but the demo passwords."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from khoagiao.accounts.models import Membership, User
from khoagiao.accounts.services import membership_create
from khoagiao.orgs.models import Field, Unit, UnitKind, UnitLevel, UnitSuccession
from khoagiao.orgs.services import unit_close, unit_create, unit_merge, unit_update

from . import province as data

SYSTEM_USERNAME = "hethong"


@dataclass
class SeedReport:
    created_units: int = 0
    merges: int = 0
    created_users: int = 0
    created_memberships: int = 0
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def system_actor() -> User:
    """The account that loads reference data: a superuser that cannot log in."""
    user, created = User.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"full_name": "Hệ thống (nạp dữ liệu)", "is_superuser": True, "is_staff": False},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _reference_data() -> tuple[dict[str, UnitKind], dict[str, UnitLevel], dict[str, Field]]:
    kinds = {
        code: UnitKind.objects.update_or_create(code=code, defaults={"name": name, "sort_order": order})[0]
        for code, name, order in data.KINDS
    }
    levels = {
        code: UnitLevel.objects.update_or_create(code=code, defaults={"name": name, "rank": rank})[0]
        for code, name, rank in data.LEVELS
    }
    fields = {
        code: Field.objects.update_or_create(code=code, defaults={"name": name, "sort_order": index})[0]
        for index, (code, name) in enumerate(data.FIELDS)
    }
    return kinds, levels, fields


@transaction.atomic
def seed_demo_province() -> SeedReport:
    report = SeedReport()
    actor = system_actor()
    kinds, levels, fields = _reference_data()

    def field_list(codes: list[str]) -> list[Field]:
        return list(fields.values()) if codes == ["*"] else [fields[code] for code in codes]

    for code, name, short, symbol, kind, level, parent, valid_from, field_codes, email in data.UNITS:
        if Unit.objects.filter(code=code).exists():
            continue
        unit_create(
            actor=actor,
            parent=Unit.objects.get(code=parent) if parent else None,
            code=code,
            name=name,
            short_name=short,
            document_symbol=symbol,
            kind=kinds[kind],
            level=levels[level],
            valid_from=valid_from,
            fields=field_list(field_codes),
            email=email,
        )
        report.created_units += 1

    for date, predecessor_codes, successor_code, new, note in data.MERGERS:
        predecessors = list(Unit.objects.filter(code__in=predecessor_codes))
        if UnitSuccession.objects.filter(predecessor__in=predecessors, date=date).exists():
            continue
        if new is None:
            unit_merge(
                actor=actor,
                predecessors=predecessors,
                successor=Unit.objects.get(code=successor_code),
                date=date,
                note=note,
            )
        else:
            unit_merge(
                actor=actor,
                predecessors=predecessors,
                new_successor={
                    "parent": Unit.objects.get(code=new["parent"]),
                    "code": successor_code,
                    "name": new["name"],
                    "short_name": new["short_name"],
                    "document_symbol": new["document_symbol"],
                    "kind": kinds[new["kind"]],
                    "level": levels[new["level"]],
                    "fields": field_list(new["fields"]),
                    "email": new["email"],
                },
                date=date,
                note=note,
            )
        report.merges += 1

    for code, closing_date, reason in data.CLOSURES:
        unit = Unit.objects.get(code=code)
        if unit.valid_to is None:
            unit_close(actor=actor, unit=unit, valid_to=closing_date, reason=reason)

    for code, name, short in data.RENAMES:
        unit = Unit.objects.get(code=code)
        if unit.name != name:
            unit_update(actor=actor, unit=unit, name=name, short_name=short)

    department = Unit.objects.get(code="btgdvtu")
    for code, name in data.COMMUNES:
        if Unit.objects.filter(code=code).exists():
            continue
        unit_create(
            actor=actor,
            parent=department,
            code=code,
            name=name,
            short_name=_capitalised(name.removeprefix("Đảng ủy ")),
            document_symbol="ĐU",
            kind=kinds["party_committee"],
            level=levels["commune"],
            valid_from=data.COMMUNES_FROM,
        )
        report.created_units += 1

    for username, full_name, position, email, role, unit_code in data.USERS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"full_name": full_name, "position": position, "email": email}
        )
        user.set_password(data.DEMO_PASSWORD)
        user.save(update_fields=["password"])
        report.created_users += int(created)
        unit = Unit.objects.get(code=unit_code)
        if not Membership.objects.filter(user=user, unit=unit, role=role, is_active=True).exists():
            membership_create(actor=actor, user=user, unit=unit, role=role)
            report.created_memberships += 1
        membership = Membership.objects.get(user=user, unit=unit, role=role, is_active=True)
        report.logins.append((username, membership.get_role_display(), unit.name))
    return report
