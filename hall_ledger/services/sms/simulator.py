"""The local SMS simulator (`counter-ledger sms simulator`): an HTTP service on 127.0.0.1 that
plays an SMS provider for demos, tests and the dispatch benchmark.

The outcome is chosen by the phone number's last digit:
  0 delivered · 1 vacant number (空号) · 2 no receipt ever · 3 rate-limited (refused) ·
  4 late receipt (after `late_seconds`) · 5-9 delivered.
Accepted messages are kept by out-id; sending the same out-id again is counted (`/sim/stats`
shows sends per out-id, so a test can prove a message went once) and answered with the first
BizId. Receipts are pushed to the ledger's POST /v1/collections/sms/receipts in batches with
the gateway token (`counter-ledger sms gateway-token`); replies (TD ...) pushed with
POST /sim/inbound go to POST /v1/collections/sms/inbound.

It answers three request shapes on the same port:
- its own JSON: POST /sim/send, GET /sim/query?out_id=, POST /sim/inbound, GET /sim/stats,
  POST /sim/control {"drop_answers": n} (accept the next n sends, then close the connection
  without an answer: the caller's outcome is unknown);
- Aliyun SMS (dysmsapi 2017-05-25, RPC style: the action in the x-acs-action header or the
  Action query parameter): SendSms, QuerySendDetails;
- Tencent Cloud SMS (2021-01-11, the action in X-TC-Action, JSON body): SendSms,
  PullSmsSendStatusByPhoneNumber.
Request signatures of the two SDKs are not checked (this is a stand-in, not a security test).
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from hall_domain.sms import mobile_number

log = logging.getLogger("hall_ledger.sms.simulator")

TZ_CN = timedelta(hours=8)


@dataclass
class SimMessage:
    out_id: str
    phone: str
    text: str
    sign: str
    template_code: str
    params: dict
    biz_id: str
    outcome: str  # delivered | vacant | none | late
    submitted_at: datetime
    receipt: str | None = None  # delivered | vacant once reported
    sends: int = 1


@dataclass
class SimState:
    messages: dict[str, SimMessage] = field(default_factory=dict)  # by out-id
    by_biz: dict[str, str] = field(default_factory=dict)
    sends: int = 0
    refused: int = 0
    drop_answers: int = 0
    pending: list[tuple[float, dict]] = field(default_factory=list)  # (due monotonic, receipt)
    pushed: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


OUTCOME_BY_DIGIT = {"0": "delivered", "1": "vacant", "2": "none", "3": "rate_limited",
                    "4": "late"}


def outcome_for(phone: str) -> str:
    return OUTCOME_BY_DIGIT.get(phone[-1:], "delivered")


class Simulator:
    """The simulator's state and its receipt pusher; `serve()` runs the HTTP server."""

    def __init__(self, *, ledger_url: str | None = None, token: str | None = None,
                 receipt_delay: float = 0.05, late_seconds: float = 30.0,
                 push_interval: float = 0.5) -> None:
        self.state = SimState()
        self.ledger_url = ledger_url.rstrip("/") if ledger_url else None
        self.token = token
        self.receipt_delay, self.late_seconds = receipt_delay, late_seconds
        self.push_interval = push_interval
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._http = httpx.Client(timeout=10.0) if self.ledger_url else None
        self.server: ThreadingHTTPServer | None = None
        self._threads: list[threading.Thread] = []

    # --- the provider's behaviour ---------------------------------------------------------

    def send(self, out_id: str, phone: str, text: str, sign: str, template_code: str,
             params: dict) -> dict:
        """{"result": "accepted"|"rate_limited"|"bad_number", "biz_id"}"""
        mobile = mobile_number(phone)
        if mobile is None:
            with self.state.lock:
                self.state.refused += 1
            return {"result": "bad_number"}
        outcome = outcome_for(mobile)
        with self.state.lock:
            if outcome == "rate_limited":
                self.state.refused += 1
                return {"result": "rate_limited"}
            self.state.sends += 1
            known = self.state.messages.get(out_id) if out_id else None
            if known is not None:
                known.sends += 1  # a duplicate: a real provider would text the customer again
                return {"result": "accepted", "biz_id": known.biz_id}
            biz = f"{int(time.time())}{uuid.uuid4().hex[:10]}"
            msg = SimMessage(out_id or biz, mobile, text, sign, template_code, params, biz,
                             outcome, datetime.now(UTC).replace(tzinfo=None))
            self.state.messages[msg.out_id] = msg
            self.state.by_biz[biz] = msg.out_id
            if outcome in ("delivered", "vacant", "late"):
                delay = self.late_seconds if outcome == "late" else self.receipt_delay
                self.state.pending.append((time.monotonic() + delay, {"msg": msg}))
        return {"result": "accepted", "biz_id": biz}

    def find(self, out_id: str) -> SimMessage | None:
        with self.state.lock:
            return self.state.messages.get(out_id)

    def status_of(self, msg: SimMessage) -> str:
        return {"delivered": "delivered", "vacant": "vacant"}.get(msg.receipt or "", "sent")

    def stats(self) -> dict:
        with self.state.lock:
            return {"sends": self.state.sends, "refused": self.state.refused,
                    "messages": len(self.state.messages), "pushed": self.state.pushed,
                    "pending_receipts": len(self.state.pending),
                    "per_out_id": {k: m.sends for k, m in self.state.messages.items()}}

    # --- receipts and replies to the ledger -----------------------------------------------

    def _due_receipts(self) -> list[dict]:
        now = time.monotonic()
        out, keep = [], []
        with self.state.lock:
            for due, item in self.state.pending:
                (out if due <= now else keep).append((due, item))
            self.state.pending = keep
        receipts = []
        for _due, item in out[:1000]:
            msg: SimMessage = item["msg"]
            status = "vacant" if msg.outcome == "vacant" else "delivered"
            msg.receipt = status
            receipts.append({"out_id": msg.out_id, "provider_ref": msg.biz_id, "phone": msg.phone,
                             "status": status, "code": "DELIVRD" if status == "delivered"
                             else "MK:0001",
                             "reported_at": datetime.now(UTC).replace(tzinfo=None)
                             .isoformat(timespec="seconds")})
        if len(out) > 1000:
            with self.state.lock:
                self.state.pending.extend(out[1000:])
        return receipts

    def _pusher(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.push_interval)  # receipts go in batches, like a provider's
            receipts = self._due_receipts()
            if not receipts or self._http is None:
                continue
            for i in range(0, len(receipts), 500):
                chunk = receipts[i:i + 500]
                try:
                    r = self._http.post(f"{self.ledger_url}/v1/collections/sms/receipts",
                                        json={"receipts": chunk}, headers=self._auth())
                    r.raise_for_status()
                    with self.state.lock:
                        self.state.pushed += len(chunk)
                except httpx.HTTPError as exc:
                    log.warning("receipts not pushed (%s); trying again", exc)
                    with self.state.lock:  # again after a second
                        self.state.pending.extend((time.monotonic() + 1.0, {"msg": m}) for m in
                                                  (self.state.messages[c["out_id"]] for c in chunk))

    def _auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"} if self.token else {}

    def push_reply(self, phone: str, text: str) -> dict:
        if self._http is None:
            return {"error": "no ledger configured (--ledger-url)"}
        r = self._http.post(f"{self.ledger_url}/v1/collections/sms/inbound", headers=self._auth(),
                            json={"replies": [{"phone": phone, "text": text}]})
        return {"status": r.status_code, "answer": r.json()}

    # --- running ------------------------------------------------------------------------

    def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError("the simulator listens on the loopback address only")
        handler = type("Handler", (_Handler,), {"sim": self})
        self.server = ThreadingHTTPServer((host, port), handler)
        self.server.daemon_threads = True
        for target in (self.server.serve_forever, self._pusher):
            t = threading.Thread(target=target, daemon=True, name="sms-simulator")
            t.start()
            self._threads.append(t)
        return self.url

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()
        for t in self._threads:
            t.join(timeout=5)
        if self._http is not None:
            self._http.close()

    def __enter__(self) -> Simulator:
        if self.server is None:
            self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _cn_time(dt: datetime) -> str:
    return (dt + TZ_CN).strftime("%Y-%m-%d %H:%M:%S")


class _Handler(BaseHTTPRequestHandler):
    sim: Simulator
    protocol_version = "HTTP/1.1"
    # one buffered write per answer, no Nagle: headers and body in one segment (otherwise
    # every keep-alive answer waits out the client's delayed ACK, about 40 ms)
    wbufsize = -1
    disable_nagle_algorithm = True

    def log_message(self, fmt: str, *args: Any) -> None:  # quiet; the ledger logs
        log.debug(fmt, *args)

    def _reply(self, body: dict, status: int = 200) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _drop(self) -> bool:
        with self.sim.state.lock:
            if self.sim.state.drop_answers > 0:
                self.sim.state.drop_answers -= 1
                return True
        return False

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/sim/stats":
            return self._reply(self.sim.stats())
        if parts.path == "/sim/query":
            msg = self.sim.find(q.get("out_id", ""))
            if msg is None:
                return self._reply({"found": False})
            return self._reply({"found": True, "status": self.sim.status_of(msg),
                                "biz_id": msg.biz_id,
                                "code": "DELIVRD" if msg.receipt == "delivered" else
                                ("MK:0001" if msg.receipt == "vacant" else "")})
        if parts.path == "/healthz":
            return self._reply({"ok": True})
        return self._reply({"error": "not found"}, 404)

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        raw = self._body()
        if self.headers.get("X-TC-Action"):
            return self._tencent(self.headers["X-TC-Action"], raw)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        action = self.headers.get("x-acs-action") or query.get("Action")
        if action and parts.path == "/":
            form = {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace")).items()}
            return self._aliyun(action, {**query, **form})
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._reply({"error": "not JSON"}, 400)
        if parts.path == "/sim/send":
            ans = self.sim.send(body.get("out_id", ""), body.get("phone", ""),
                                body.get("text", ""), body.get("sign", ""),
                                body.get("template_code") or "", body.get("params") or {})
            if self._drop():
                self.close_connection = True
                return
            return self._reply(ans)
        if parts.path == "/sim/inbound":
            return self._reply(self.sim.push_reply(body.get("phone", ""), body.get("text", "")))
        if parts.path == "/sim/control":
            with self.sim.state.lock:
                self.sim.state.drop_answers = int(body.get("drop_answers", 0))
            return self._reply({"ok": True})
        return self._reply({"error": "not found"}, 404)

    # --- Aliyun dysmsapi 2017-05-25 -----------------------------------------------------

    def _aliyun(self, action: str, p: dict) -> None:
        request_id = str(uuid.uuid4()).upper()
        if action == "SendSms":
            try:
                params = json.loads(p.get("TemplateParam") or "{}")
            except ValueError:
                return self._reply({"Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法",
                                    "RequestId": request_id})
            ans = self.sim.send(p.get("OutId", ""), p.get("PhoneNumbers", ""), "",
                                p.get("SignName", ""), p.get("TemplateCode", ""), params)
            if self._drop():
                self.close_connection = True
                return
            if ans["result"] == "rate_limited":
                return self._reply({"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发号码天级流控",
                                    "RequestId": request_id})
            if ans["result"] == "bad_number":
                return self._reply({"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号",
                                    "RequestId": request_id})
            return self._reply({"Code": "OK", "Message": "OK", "BizId": ans["biz_id"],
                                "RequestId": request_id})
        if action == "QuerySendDetails":
            phone = mobile_number(p.get("PhoneNumber", "")) or ""
            with self.sim.state.lock:
                found = [m for m in self.sim.state.messages.values() if m.phone == phone
                         and (not p.get("BizId") or m.biz_id == p["BizId"])
                         and (m.submitted_at + TZ_CN).strftime("%Y%m%d") == p.get("SendDate")]
            dtos = [{"PhoneNum": m.phone, "SendStatus": {"delivered": 3, "vacant": 2}.get(
                        m.receipt or "", 1),
                     "ErrCode": {"delivered": "DELIVERED", "vacant": "MK:0001"}.get(
                        m.receipt or "", ""),
                     "TemplateCode": m.template_code, "Content": m.text, "OutId": m.out_id,
                     "SendDate": _cn_time(m.submitted_at),
                     "ReceiveDate": _cn_time(m.submitted_at) if m.receipt else ""}
                    for m in found]
            return self._reply({"Code": "OK", "Message": "OK", "RequestId": request_id,
                                "TotalCount": str(len(dtos)),
                                "SmsSendDetailDTOs": {"SmsSendDetailDTO": dtos}})
        return self._reply({"Code": "InvalidAction.NotFound", "Message": action,
                            "RequestId": request_id}, 404)

    # --- Tencent Cloud SMS 2021-01-11 ---------------------------------------------------

    def _tencent(self, action: str, raw: bytes) -> None:
        request_id = str(uuid.uuid4())
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._reply({"Response": {"Error": {"Code": "InvalidParameter",
                                                       "Message": "not JSON"},
                                             "RequestId": request_id}})
        if action == "SendSms":
            statuses = []
            for number in body.get("PhoneNumberSet") or []:
                ans = self.sim.send(body.get("SessionContext", ""), number, "",
                                    body.get("SignName", ""), body.get("TemplateId", ""),
                                    {str(i): v for i, v in
                                     enumerate(body.get("TemplateParamSet") or [])})
                code, message = {"accepted": ("Ok", "send success"),
                                 "rate_limited": ("LimitExceeded.PhoneNumberDailyLimit",
                                                  "单个手机号日下发短信条数超过设定的上限"),
                                 "bad_number": ("InvalidParameterValue.IncorrectPhoneNumber",
                                                "手机号格式错误")}[ans["result"]]
                statuses.append({"SerialNo": ans.get("biz_id", ""), "PhoneNumber": number,
                                 "Fee": 1 if ans["result"] == "accepted" else 0,
                                 "SessionContext": body.get("SessionContext", ""),
                                 "Code": code, "Message": message, "IsoCode": "CN"})
            if self._drop():
                self.close_connection = True
                return
            return self._reply({"Response": {"SendStatusSet": statuses,
                                             "RequestId": request_id}})
        if action == "PullSmsSendStatusByPhoneNumber":
            phone = mobile_number(body.get("PhoneNumber", "")) or ""
            begin = int(body.get("BeginTime") or 0)
            with self.sim.state.lock:
                found = [m for m in self.sim.state.messages.values() if m.phone == phone
                         and m.submitted_at.replace(tzinfo=UTC).timestamp() >= begin]
            items = [{"UserReceiveTime": _cn_time(m.submitted_at) if m.receipt else None,
                      "CountryCode": "86", "SubscriberNumber": m.phone,
                      "PhoneNumber": "+86" + m.phone, "SerialNo": m.biz_id,
                      "ReportStatus": {"delivered": "SUCCESS", "vacant": "FAIL"}.get(
                          m.receipt or "", "PENDING"),
                      "Description": {"delivered": "用户接收成功", "vacant": "空号"}.get(
                          m.receipt or "", ""),
                      "SessionContext": m.out_id} for m in found]
            return self._reply({"Response": {"PullSmsSendStatusSet": items,
                                             "RequestId": request_id}})
        return self._reply({"Response": {"Error": {"Code": "InvalidAction",
                                                   "Message": action},
                                         "RequestId": request_id}})
