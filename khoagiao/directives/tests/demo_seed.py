"""The demo province with the directives part: the province, its reporting duty and this part's demo data, as
`manage.py seed_demo` makes them (the other parts' demo data are not needed here)."""

from __future__ import annotations

from khoagiao.demo.directives import seed_demo_directives
from khoagiao.demo.reporting import seed_demo_reporting
from khoagiao.demo.seeding import seed_demo_province, system_actor


def seed_directives_demo() -> str:
    seed_demo_province()
    seed_demo_reporting(actor=system_actor())
    return seed_demo_directives(actor=system_actor())
