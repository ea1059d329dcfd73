"""Demo data: realistic customers and bills for a Chinese power-supply hall, and a demo store."""

from hall_domain.sample_population import (
    DEFAULT_REFERENCE_DATE,
    DemoBill,
    DemoCustomer,
    generate_customers,
)

from .csv_export import write_bills_csv, write_customers_csv
from .store import DemoStats, build_demo_store
from .users import DEMO_USERS, DemoUser

__all__ = [
    "DEFAULT_REFERENCE_DATE",
    "DEMO_USERS",
    "DemoBill",
    "DemoCustomer",
    "DemoStats",
    "DemoUser",
    "build_demo_store",
    "generate_customers",
    "write_bills_csv",
    "write_customers_csv",
]
