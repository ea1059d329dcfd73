"""The SMS gateway port: what the dispatcher needs from a provider (the simulator, Aliyun SMS,
Tencent Cloud SMS). Our message UUID travels as the provider's out-id (Aliyun OutId, Tencent
SessionContext), so a message whose outcome is unknown can be looked up, never resent blind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal, Protocol


@dataclass(frozen=True, slots=True)
class SendRequest:
    out_id: str  # our message UUID
    phone: str  # 11-digit mainland mobile number
    signature: str  # 签名, without 【】
    template_code: str | None  # the provider's id of the approved template
    params: dict[str, str] = field(default_factory=dict)  # the template's variables
    text: str = ""  # the full text as it goes out (the simulator checks and counts it)


@dataclass(frozen=True, slots=True)
class SendResult:
    outcome: Literal["accepted", "rate_limited", "rejected"]
    provider_ref: str | None = None  # BizId / SerialNo
    code: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class QueryResult:
    found: bool
    status: Literal["sent", "delivered", "failed", "vacant"] | None = None
    provider_ref: str | None = None
    code: str = ""


class GatewayUnavailable(Exception):
    """The provider could not be reached or did not answer: the outcome is unknown."""


class SmsGateway(Protocol):
    name: str

    def send(self, request: SendRequest) -> SendResult: ...

    def query(self, out_id: str, phone: str, sent_on: date) -> QueryResult: ...

    def close(self) -> None: ...
