#!/usr/bin/env python3
"""Drives boto3/botocore for the integration tests.

Reads one JSON request per line on stdin and writes one JSON answer per line on stdout,
until stdin closes (so `echo '{...}' | python3 boto_call.py` works for a single call).

Request modes:
  {"mode": "call", "endpoint", "region", "ca_bundle", "credentials": {"access_key",
   "secret_key", "token"?}, "service", "operation" (CreateUser or create_user), "params": {},
   "retries"?: botocore Config retries (default {"total_max_attempts": 1}: no retry)}
    -> {"ok": true, "status": 200, "response": {...}}
    -> {"ok": false, "error": {"type": botocore exception class name, "code", "message",
        "status", "response"}}
  {"mode": "raw", "url", "ca_bundle", "method", "headers": {}, "body": str,
   "sign": null | {"service", "region", "access_key", "secret_key", "token"?,
                   "timestamp": "YYYYMMDDTHHMMSSZ"?}}
    -> {"ok": true, "status", "headers": {}, "body": str}
  {"mode": "parallel", "calls": [call requests]}
    -> {"ok": true, "results": [answers in the order of the calls]}: the calls are made at
       once, each from its own thread with its own client (to race requests on the server).
Parameter values of the form {"$base64": "..."} are sent as bytes (blob members).
"""
import base64
import datetime
import json
import ssl
import sys
import traceback
import urllib.error
import urllib.request

import boto3
import botocore.auth
import botocore.exceptions
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

_clients = {}


def _decode_blobs(value):
    if isinstance(value, dict):
        if set(value) == {"$base64"}:
            return base64.b64decode(value["$base64"])
        return {k: _decode_blobs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode_blobs(v) for v in value]
    return value


def _to_json(value):
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if hasattr(value, "read"):
        return _to_json(value.read())
    return str(value)


def _client(req):
    creds = req["credentials"]
    key = (req["service"], req["endpoint"], req["region"], req["ca_bundle"],
           creds["access_key"], creds["secret_key"], creds.get("token"),
           json.dumps(req.get("retries"), sort_keys=True))
    client = _clients.get(key)
    if client is None:
        if len(_clients) > 256:
            _clients.clear()
        client = _new_client(req)
        _clients[key] = client
    return client


# One session for every client: a new session loads botocore's data files again (about 110 ms of
# CPU a client); clients made from one session share them and keep their own credentials.
# Clients are always made on the main thread (see _parallel).
_session = boto3.session.Session()


def _new_client(req):
    creds = req["credentials"]
    return _session.client(
        req["service"],
        endpoint_url=req["endpoint"],
        region_name=req["region"],
        verify=req["ca_bundle"],
        aws_access_key_id=creds["access_key"],
        aws_secret_access_key=creds["secret_key"],
        aws_session_token=creds.get("token"),
        config=Config(retries=req.get("retries") or {"total_max_attempts": 1}, connect_timeout=10, read_timeout=120),
    )


def _call(req, client=None):
    client = client or _client(req)
    method = getattr(client, botocore.xform_name(req["operation"]))
    try:
        response = method(**_decode_blobs(req.get("params") or {}))
    except botocore.exceptions.ClientError as e:
        error = e.response.get("Error", {})
        return {"ok": False, "error": {
            "type": type(e).__name__,
            "code": error.get("Code"),
            "message": error.get("Message"),
            "status": e.response.get("ResponseMetadata", {}).get("HTTPStatusCode"),
            "response": e.response,
        }}
    except botocore.exceptions.BotoCoreError as e:
        return {"ok": False, "error": {"type": type(e).__name__, "code": None, "message": str(e), "status": None}}
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    response.pop("ResponseMetadata", None)
    return {"ok": True, "status": status, "response": response}


def _sign(req, sign):
    credentials = Credentials(sign["access_key"], sign["secret_key"], sign.get("token"))
    signer = botocore.auth.SigV4Auth(credentials, sign["service"], sign["region"])
    timestamp = sign.get("timestamp")
    if not timestamp:
        signer.add_auth(req)
        return
    fixed = datetime.datetime.strptime(timestamp, "%Y%m%dT%H%M%SZ")
    original = botocore.auth.get_current_datetime
    botocore.auth.get_current_datetime = lambda: fixed
    try:
        signer.add_auth(req)
    finally:
        botocore.auth.get_current_datetime = original


def _raw(req):
    aws_request = AWSRequest(method=req.get("method", "POST"), url=req["url"],
                             data=(req.get("body") or "").encode("utf-8"),
                             headers=req.get("headers") or {})
    if req.get("sign"):
        _sign(aws_request, req["sign"])
    prepared = aws_request.prepare()
    http_request = urllib.request.Request(prepared.url, data=prepared.body or None,
                                          headers=dict(prepared.headers), method=prepared.method)
    context = ssl.create_default_context(cafile=req["ca_bundle"])
    try:
        with urllib.request.urlopen(http_request, context=context, timeout=120) as response:
            status, headers, body = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        status, headers, body = e.code, dict(e.headers), e.read()
    return {"ok": True, "status": status, "headers": headers, "body": body.decode("utf-8", "replace")}


def _parallel(req):
    import concurrent.futures
    import threading

    calls = req["calls"]
    # Clients are made first (botocore's loaders are not safe to start from many threads),
    # then every call waits at the barrier so they reach the server together.
    clients = [_new_client(c) for c in calls]
    barrier = threading.Barrier(len(calls))

    def run(i):
        barrier.wait()
        return _call(calls[i], clients[i])

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return {"ok": True, "results": list(pool.map(run, range(len(calls))))}


def _handle(line):
    try:
        req = json.loads(line)
        mode = req.get("mode", "call")
        if mode == "call":
            return _call(req)
        if mode == "raw":
            return _raw(req)
        if mode == "parallel":
            return _parallel(req)
        return {"ok": False, "error": {"type": "DriverError", "message": f"unknown mode {mode}"}}
    except Exception as e:  # report, never die: the caller reads exactly one line per request
        return {"ok": False, "error": {"type": type(e).__name__, "code": None, "message": str(e),
                                       "status": None, "traceback": traceback.format_exc()}}


def main():
    out = sys.stdout
    sys.stdout = sys.stderr  # stray prints must not corrupt the answer stream
    for line in sys.stdin:
        if not line.strip():
            continue
        out.write(json.dumps(_handle(line), default=_to_json) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
