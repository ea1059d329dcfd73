"""The ledger's HTTP API under /v1, one module per area, each an APIRouter:

- auth: the bearer-token dependencies (every request carries a terminal's token)
- errors: the one error body, the exception handlers, what counts as transient
- body: reading and parsing request bodies within the wire's bounds
- health, reference, payments (payments, items, channel payments), reconciliation,
  audit (audit head), reports (the hall's day)

hall_ledger.app.create_app assembles them.
"""
