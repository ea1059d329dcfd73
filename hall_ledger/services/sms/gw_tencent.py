"""Tencent Cloud SMS (腾讯云短信, 2021-01-11) through its official Python SDK
(`pip install 'hall-counter[sms-tencent]'`). Our message UUID is the SessionContext (returned
as is in receipts and status pulls); an unknown outcome is looked up with
PullSmsSendStatusByPhoneNumber from the send date on and matched on SessionContext.
Credentials come from the environment (TENCENTCLOUD_SECRET_ID / _KEY). Tested against the
simulator's imitation of the API on 127.0.0.1 (endpoint `127.0.0.1:PORT`, scheme http)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

from .gateway import GatewayUnavailable, QueryResult, SendRequest, SendResult

RATE_LIMIT_PREFIX = "LimitExceeded."
VACANT_WORDS = ("空号", "停机", "MK:0001")
CN = timedelta(hours=8)


class TencentGateway:
    name = "tencent"

    def __init__(self, *, secret_id: str, secret_key: str, sdk_app_id: str,
                 endpoint: str = "sms.tencentcloudapi.com", scheme: str = "https",
                 region: str = "ap-guangzhou", timeout: int = 5) -> None:
        try:
            from tencentcloud.common import credential
            from tencentcloud.common.profile.client_profile import ClientProfile
            from tencentcloud.common.profile.http_profile import HttpProfile
            from tencentcloud.sms.v20210111 import sms_client
        except ImportError as exc:
            raise RuntimeError("the Tencent Cloud SMS SDK is not installed: pip install "
                               "'hall-counter[sms-tencent]'") from exc
        http = HttpProfile(endpoint=endpoint, reqTimeout=timeout)
        http.scheme = scheme
        profile = ClientProfile(httpProfile=http)
        self._client = sms_client.SmsClient(credential.Credential(secret_id, secret_key), region,
                                             profile)
        self.sdk_app_id = sdk_app_id

    def send(self, request: SendRequest) -> SendResult:
        from tencentcloud.common.exception.tencent_cloud_sdk_exception import (
            TencentCloudSDKException,
        )
        from tencentcloud.sms.v20210111 import models

        req = models.SendSmsRequest()
        req.from_json_string(json.dumps({
            "PhoneNumberSet": ["+86" + request.phone], "SmsSdkAppId": self.sdk_app_id,
            "SignName": request.signature, "TemplateId": request.template_code or "",
            # Tencent templates number their variables {1}, {2} ...: the values in the order
            # the approved template names them
            "TemplateParamSet": list(request.params.values()),
            "SessionContext": request.out_id}, ensure_ascii=False))
        try:
            resp = self._client.SendSms(req)
        except TencentCloudSDKException as exc:
            if (exc.get_code() or "").startswith(RATE_LIMIT_PREFIX):
                return SendResult("rate_limited", None, exc.get_code(), exc.get_message())
            raise GatewayUnavailable(f"tencent: {exc.get_code()} {exc.get_message()}") from exc
        except Exception as exc:
            raise GatewayUnavailable(f"tencent: {type(exc).__name__}: {exc}") from exc
        [status] = resp.SendStatusSet or [None]
        if status is None:
            raise GatewayUnavailable("tencent: no status in the answer")
        if status.Code == "Ok":
            return SendResult("accepted", status.SerialNo, "Ok", status.Message or "")
        if (status.Code or "").startswith(RATE_LIMIT_PREFIX):
            return SendResult("rate_limited", None, status.Code, status.Message or "")
        return SendResult("rejected", None, status.Code or "", status.Message or "")

    def query(self, out_id: str, phone: str, sent_on: date) -> QueryResult:
        from tencentcloud.sms.v20210111 import models

        begin = datetime.combine(sent_on, time(0, 0)) - CN  # the date is China's
        req = models.PullSmsSendStatusByPhoneNumberRequest()
        req.from_json_string(json.dumps({
            "BeginTime": int(begin.replace(tzinfo=UTC).timestamp()), "Offset": 0, "Limit": 100,
            "PhoneNumber": "+86" + phone, "SmsSdkAppId": self.sdk_app_id}))
        try:
            resp = self._client.PullSmsSendStatusByPhoneNumber(req)
        except Exception as exc:
            raise GatewayUnavailable(f"tencent: {type(exc).__name__}: {exc}") from exc
        for s in resp.PullSmsSendStatusSet or []:
            if s.SessionContext == out_id:
                if s.ReportStatus == "SUCCESS":
                    return QueryResult(True, "delivered", s.SerialNo, "SUCCESS")
                if s.ReportStatus == "FAIL":
                    vacant = any(w in (s.Description or "") for w in VACANT_WORDS)
                    return QueryResult(True, "vacant" if vacant else "failed", s.SerialNo,
                                       s.Description or "FAIL")
                return QueryResult(True, "sent", s.SerialNo, "")
        return QueryResult(False)

    def close(self) -> None:
        pass
