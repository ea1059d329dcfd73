"""Reminder templates: drafted by one person, approved by another (four-eyes). The approved
text is frozen (its SHA-256 is kept); a new wording is a new draft, and approving it retires
the hall's earlier approved template of the same purpose."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from hall_domain.errors import DomainError
from hall_domain.sms import check_template, template_variables

from ...store.models import SmsTemplate
from ..collections_audit import record_action
from .errors import SmsError

PURPOSES = ("reminder",)


def text_digest(text: str, signature: str) -> str:
    return hashlib.sha256(f"{signature}\x00{text}".encode()).hexdigest()


def template_dict(row: Any) -> dict:
    return {"template_id": row.template_id, "name": row.name, "purpose": row.purpose,
            "text": row.text, "signature": row.signature, "provider_code": row.provider_code,
            "status": row.status, "variables": template_variables(row.text),
            "chars": row.chars, "parts": row.parts, "drafted_by": row.drafted_by,
            "drafted_at": row.drafted_at.isoformat(timespec="seconds"),
            "approved_by": row.approved_by,
            "approved_at": row.approved_at.isoformat(timespec="seconds")
            if row.approved_at else None}


def draft_template(conn: Connection, hall_id: str, *, name: str, text: str, signature: str,
                   actor: str, now: datetime, provider_code: str | None = None,
                   purpose: str = "reminder", terminal_id: str | None = None) -> dict:
    if purpose not in PURPOSES:
        raise SmsError(422, "template.purpose", f"purpose must be one of {PURPOSES}")
    name = name.strip()
    if not name:
        raise SmsError(422, "template.name", "a template needs a name")
    try:
        length = check_template(text, signature)
    except DomainError as exc:  # wording, variables, length: the domain's rule and message
        raise SmsError(422, "template." + exc.code.removeprefix("sms."), exc.message) from exc
    row = conn.execute(insert(SmsTemplate).values(
        hall_id=hall_id, name=name, purpose=purpose, text=text,
        text_sha256=text_digest(text, signature.strip()), signature=signature.strip(),
        provider_code=provider_code or None, status="draft", chars=length.chars,
        parts=length.parts, drafted_by=actor, drafted_at=now,
    ).returning(SmsTemplate.template_id)).scalar_one()
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="sms.template.drafted", subject=f"sms-template:{row}",
                  detail={"name": name, "text": text, "signature": signature.strip(),
                          "provider_code": provider_code}, at=now)
    return get_template(conn, hall_id, int(row))


def get_template(conn: Connection, hall_id: str, template_id: int) -> dict:
    row = conn.execute(select(SmsTemplate).where(
        SmsTemplate.hall_id == hall_id, SmsTemplate.template_id == template_id)).first()
    if row is None:
        raise SmsError(404, "template.not_found", f"no template {template_id} in this hall")
    return template_dict(row)


def list_templates(conn: Connection, hall_id: str, status: str | None = None) -> list[dict]:
    q = select(SmsTemplate).where(SmsTemplate.hall_id == hall_id)
    if status:
        q = q.where(SmsTemplate.status == status)
    return [template_dict(r) for r in conn.execute(q.order_by(SmsTemplate.template_id.desc()))]


def approve_template(conn: Connection, hall_id: str, template_id: int, *, actor: str,
                     now: datetime, terminal_id: str | None = None) -> dict:
    """Four-eyes: the approver must not be the one who drafted it. The text is checked again
    against the rules and its digest, then it becomes the hall's template for its purpose."""
    row = conn.execute(select(SmsTemplate).where(
        SmsTemplate.hall_id == hall_id, SmsTemplate.template_id == template_id)
        .with_for_update()).first()
    if row is None:
        raise SmsError(404, "template.not_found", f"no template {template_id} in this hall")
    if row.status != "draft":
        raise SmsError(409, "template.not_draft", f"template {template_id} is {row.status}, "
                       "only a draft can be approved")
    if actor == row.drafted_by:
        raise SmsError(409, "template.same_person", "the person who drafted a template cannot "
                       "approve it: a second person must")
    if text_digest(row.text, row.signature) != row.text_sha256:
        raise SmsError(409, "template.text_changed", "the template text differs from the one "
                       "drafted; draft it again")
    try:
        check_template(row.text, row.signature)
    except DomainError as exc:
        raise SmsError(422, "template." + exc.code.removeprefix("sms."), exc.message) from exc
    retired = conn.execute(update(SmsTemplate).where(
        SmsTemplate.hall_id == hall_id, SmsTemplate.purpose == row.purpose,
        SmsTemplate.status == "approved").values(status="retired")
        .returning(SmsTemplate.template_id)).scalars().all()
    conn.execute(update(SmsTemplate).where(SmsTemplate.template_id == template_id).values(
        status="approved", approved_by=actor, approved_at=now))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="sms.template.approved", subject=f"sms-template:{template_id}",
                  detail={"drafted_by": row.drafted_by, "text_sha256": row.text_sha256,
                          "retired": sorted(retired)}, at=now)
    return get_template(conn, hall_id, template_id)


def retire_template(conn: Connection, hall_id: str, template_id: int, *, actor: str,
                    now: datetime, terminal_id: str | None = None) -> dict:
    current = get_template(conn, hall_id, template_id)
    if current["status"] == "retired":
        return current
    conn.execute(update(SmsTemplate).where(SmsTemplate.template_id == template_id)
                 .values(status="retired"))
    record_action(conn, hall_id=hall_id, terminal_id=terminal_id, actor=actor,
                  action="sms.template.retired", subject=f"sms-template:{template_id}", at=now)
    return get_template(conn, hall_id, template_id)


def approved_template(conn: Connection, hall_id: str, purpose: str = "reminder"):
    """The hall's approved template row for `purpose`, or None."""
    return conn.execute(select(SmsTemplate).where(
        SmsTemplate.hall_id == hall_id, SmsTemplate.purpose == purpose,
        SmsTemplate.status == "approved").order_by(SmsTemplate.template_id.desc())).first()
