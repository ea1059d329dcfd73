"""Aliyun SMS (阿里云短信, dysmsapi 2017-05-25) through its official Python SDK
(`pip install 'hall-counter[sms-aliyun]'`). Our message UUID is the OutId; an unknown outcome
is looked up with QuerySendDetails (by phone number and send date) and matched on OutId.
Credentials come from the environment (ALIBABA_CLOUD_ACCESS_KEY_ID / _SECRET), never from a
command line. Tested against the simulator's imitation of the API on 127.0.0.1 (endpoint
`127.0.0.1:PORT`, protocol http)."""

from __future__ import annotations

import json
from datetime import date

from .gateway import GatewayUnavailable, QueryResult, SendRequest, SendResult

RATE_LIMIT_CODES = ("isv.BUSINESS_LIMIT_CONTROL", "isv.DAY_LIMIT_CONTROL",
                    "isv.MONTH_LIMIT_CONTROL", "Throttling.User")
VACANT_CODES = ("MK:0001", "IS_CLOSE", "MOBILE_NOT_ON_SERVICE", "UNDELIV", "MOBILE_SEND_LIMIT")


class AliyunGateway:
    name = "aliyun"

    def __init__(self, *, access_key_id: str, access_key_secret: str,
                 endpoint: str = "dysmsapi.aliyuncs.com", protocol: str = "https",
                 timeout_ms: int = 5000) -> None:
        try:
            from alibabacloud_dysmsapi20170525.client import Client
            from alibabacloud_tea_openapi import models as open_api_models
        except ImportError as exc:  # the optional extra is not installed
            raise RuntimeError("the Aliyun SMS SDK is not installed: pip install "
                               "'hall-counter[sms-aliyun]'") from exc
        config = open_api_models.Config(access_key_id=access_key_id,
                                        access_key_secret=access_key_secret,
                                        endpoint=endpoint, protocol=protocol,
                                        read_timeout=timeout_ms, connect_timeout=timeout_ms)
        self._client = Client(config)

    def send(self, request: SendRequest) -> SendResult:
        from alibabacloud_dysmsapi20170525 import models

        req = models.SendSmsRequest(phone_numbers=request.phone, sign_name=request.signature,
                                    template_code=request.template_code,
                                    template_param=json.dumps(request.params, ensure_ascii=False),
                                    out_id=request.out_id)
        try:
            body = self._client.send_sms(req).body
        except Exception as exc:  # network errors and TeaException: the outcome is unknown
            code = getattr(exc, "code", None)
            if code in RATE_LIMIT_CODES:
                return SendResult("rate_limited", None, code, str(exc))
            raise GatewayUnavailable(f"aliyun: {type(exc).__name__}: {exc}") from exc
        if body.code == "OK":
            return SendResult("accepted", body.biz_id, "OK", body.message or "")
        if body.code in RATE_LIMIT_CODES:
            return SendResult("rate_limited", None, body.code, body.message or "")
        return SendResult("rejected", None, body.code or "", body.message or "")

    def query(self, out_id: str, phone: str, sent_on: date) -> QueryResult:
        from alibabacloud_dysmsapi20170525 import models

        page = 1
        while page <= 20:
            req = models.QuerySendDetailsRequest(phone_number=phone,
                                                 send_date=sent_on.strftime("%Y%m%d"),
                                                 page_size=50, current_page=page)
            try:
                body = self._client.query_send_details(req).body
            except Exception as exc:
                raise GatewayUnavailable(f"aliyun: {type(exc).__name__}: {exc}") from exc
            if body.code != "OK":
                raise GatewayUnavailable(f"aliyun: {body.code} {body.message}")
            dtos = body.sms_send_detail_dtos.sms_send_detail_dto if body.sms_send_detail_dtos \
                else []
            for d in dtos or []:
                if d.out_id == out_id:
                    if d.send_status == 3:
                        return QueryResult(True, "delivered", None, d.err_code or "DELIVERED")
                    if d.send_status == 2:
                        status = "vacant" if (d.err_code or "") in VACANT_CODES else "failed"
                        return QueryResult(True, status, None, d.err_code or "")
                    return QueryResult(True, "sent", None, d.err_code or "")
            if len(dtos or []) < 50:
                return QueryResult(False)
            page += 1
        return QueryResult(False)

    def close(self) -> None:
        pass
