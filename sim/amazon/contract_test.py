#!/usr/bin/python3
"""Contract test: every response shape the Amazon emulator produces, checked against Amazon's models.

Starts fbaflow-sim (several times, with different faults) on free loopback ports, calls every
operation it serves with valid and invalid input, and validates each JSON body against the response
schema that third_party/spapi-models declares for that operation and status code. Notification
bodies taken from the emulated SQS queue are validated against the *Notification*.json schemas.

Stricter than the models alone, so the emulator cannot drift into fiction:
  * objects may not carry properties the model does not declare (unless the model allows them);
  * string fields whose description lists "**Possible values**" must hold one of them (except
    Finances' Transaction.transactionType, whose documented list holds only "Shipment");
  * date-time fields must be ISO 8601.
Also checks the headers Amazon documents: x-amzn-RequestId on every answer, x-amzn-RateLimit-Limit
(the catalogue's rate) on 2xx/400/404 and never on 429.

Run by CTest (sim/amazon/CMakeLists.txt). Uses only Debian's python3-jsonschema.
"""
import argparse
import copy
import gzip
import json
import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import jsonschema

MODELS = {
    "orders": "orders_2026-01-01.json",
    "reports": "reports_2021-06-30.json",
    "inventory": "fbaInventory.json",
    "listings": "listingsItems_2021-08-01.json",
    "feeds": "feeds_2021-06-30.json",
    "finances": "finances_2024-06-19.json",
    "notifications": "notifications.json",
    "ordersV0": "ordersV0.json",  # confirmShipment only: its deprecated reads are not registered
}
RATES = {  # operationId -> documented rate (checked against the x-amzn-RateLimit-Limit header)
}
DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$")
POSSIBLE = re.compile(r"\*\*Possible values?:?\*\*:?\s*(.*)", re.S)
ENUM_EXEMPT = {("finances", "Transaction", "transactionType")}

failures = []
checked = {"responses": 0, "notifications": 0}
seen = set()  # (operationId, status)


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, flush=True)


ALL_OF_PARTS = set()  # definitions used as allOf parts: their objects stay open (the parts add up)


def collect_all_of(node):
    if isinstance(node, dict):
        for part in node.get("allOf", []):
            if isinstance(part, dict) and "$ref" in part:
                ALL_OF_PARTS.add(part["$ref"].rsplit("/", 1)[-1])
        for v in node.values():
            collect_all_of(v)
    elif isinstance(node, list):
        for v in node:
            collect_all_of(v)


def strict(schema, model_key, def_name=None, in_all_of=False):
    """A copy of a Swagger schema with closed objects and documented enums."""
    if isinstance(schema, list):
        return [strict(s, model_key, def_name, in_all_of) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for k, v in schema.items():
        if k == "properties":
            props = {}
            for pn, pv in v.items():
                pv2 = strict(pv, model_key, None, False)
                desc = pv.get("description", "") if isinstance(pv, dict) else ""
                m = POSSIBLE.search(desc)
                if m and (model_key, def_name, pn) not in ENUM_EXEMPT:
                    values = sorted(set(re.findall(r"`([^`]+)`", m.group(1))))
                    if values:
                        if pv.get("type") == "string":
                            pv2 = dict(pv2, enum=values)
                        elif pv.get("type") == "array" and pv.get("items", {}).get("type") == "string":
                            pv2 = dict(pv2, items=dict(pv2["items"], enum=values))
                props[pn] = pv2
            out[k] = props
        elif k == "allOf":
            out[k] = [strict(s, model_key, def_name, True) for s in v]
        elif k == "definitions":
            out[k] = {dn: strict(dv, model_key, dn, dn in ALL_OF_PARTS) for dn, dv in v.items()}
        else:
            out[k] = strict(v, model_key, def_name, in_all_of)
    if "properties" in out and "additionalProperties" not in out and not in_all_of:
        out["additionalProperties"] = False
    return out


class Models:
    def __init__(self, folder):
        self.docs = {}
        self.ops = {}  # operationId -> (model key, op, method, path)
        for key, file in MODELS.items():
            with open(os.path.join(folder, file), encoding="utf-8") as f:
                doc = json.load(f)
            collect_all_of(doc)
            self.docs[key] = strict(doc, key)
            for path, item in doc["paths"].items():
                for method, op in item.items():
                    if isinstance(op, dict) and "operationId" in op and not op.get("deprecated"):
                        self.ops[op["operationId"]] = (key, op, method.upper(), path)
                        m = re.search(r"\|\s*([0-9.]+)\s*\|\s*([0-9]+)\s*\|", op.get("description", ""))
                        if m:
                            RATES[op["operationId"]] = float(m.group(1))
        self.notifications = {}
        for name in ("OrderChangeNotification", "FBAInventoryAvailabilityChangeNotification",
                     "ReportProcessingFinishedNotification"):
            with open(os.path.join(folder, name + ".json"), encoding="utf-8") as f:
                self.notifications[name] = json.load(f)
        self.format_checker = jsonschema.FormatChecker(formats=())
        self.format_checker.checks("date-time")(lambda s: not isinstance(s, str) or bool(DATE_TIME.match(s)))

    def validate(self, operation_id, status, body, headers):
        key, op, _, _ = self.ops[operation_id]
        responses = op["responses"]
        declared = str(status) in responses
        response = responses.get(str(status)) or responses.get("500")
        if not declared:
            fail(f"{operation_id}: status {status} is not in the model's responses")
        seen.add((operation_id, status))
        checked["responses"] += 1
        hdr = {k.lower(): v for k, v in headers.items()}
        if "x-amzn-requestid" not in hdr:
            fail(f"{operation_id} {status}: no x-amzn-RequestId header")
        has_rate = "x-amzn-ratelimit-limit" in hdr
        if status == 429 and has_rate:
            fail(f"{operation_id} 429 carries x-amzn-RateLimit-Limit")
        if (200 <= status < 300 or status in (400, 404)) and status != 429:
            if not has_rate:
                fail(f"{operation_id} {status}: no x-amzn-RateLimit-Limit header")
            elif operation_id in RATES and abs(float(hdr["x-amzn-ratelimit-limit"]) - RATES[operation_id]) > 1e-9:
                fail(f"{operation_id}: x-amzn-RateLimit-Limit {hdr['x-amzn-ratelimit-limit']} != model {RATES[operation_id]}")
        schema = response.get("schema")
        if schema is None:
            if body not in (None, b"", "", {}):
                fail(f"{operation_id} {status}: the model declares no body but one came: {body!r}"[:300])
            return
        root = self.docs[key]
        resolver = jsonschema.RefResolver.from_schema(root)
        validator = jsonschema.Draft4Validator(strict(schema, key), resolver=resolver, format_checker=self.format_checker)
        errors = sorted(validator.iter_errors(body), key=lambda e: list(e.path))
        for e in errors[:5]:
            fail(f"{operation_id} {status}: {'/'.join(map(str, e.path))}: {e.message}"[:500])

    def validate_notification(self, body):
        checked["notifications"] += 1
        kind = body.get("NotificationType") or body.get("notificationType")
        name = {"ORDER_CHANGE": "OrderChangeNotification",
                "FBA_INVENTORY_AVAILABILITY_CHANGES": "FBAInventoryAvailabilityChangeNotification",
                "REPORT_PROCESSING_FINISHED": "ReportProcessingFinishedNotification"}.get(kind)
        if name is None:
            fail(f"notification of unknown type {kind!r}")
            return None
        validator = jsonschema.Draft7Validator(self.notifications[name], format_checker=self.format_checker)
        for e in list(validator.iter_errors(body))[:5]:
            fail(f"{kind}: {'/'.join(map(str, e.path))}: {e.message}"[:500])
        meta = body.get("NotificationMetadata") or body.get("notificationMetadata")
        if not meta:
            fail(f"{kind}: no notification metadata")
        seen.add(("notification", kind))
        return kind


class Sim:
    def __init__(self, binary, *args):
        self.proc = subprocess.Popen([binary, "amazon", "--port", "0", *args], stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.info = {}
        lines = []
        deadline = time.time() + 120
        while time.time() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if line.startswith("notifications queue:"):
                break
        text = "".join(lines)
        m = re.search(r"port: (\d+)", text)
        if not m:
            raise RuntimeError("fbaflow-sim did not start:\n" + text)
        self.base = f"http://127.0.0.1:{m.group(1)}"
        self.client_id = re.search(r"client id: (\S+)", text).group(1)
        self.client_secret = re.search(r"client secret: (\S+)", text).group(1)
        m = re.search(r"seller (\S+) refresh token: (\S+)", text)
        self.seller_id, self.refresh_token = m.group(1), m.group(2)
        self.queue_url, self.queue_arn = re.search(r"notifications queue: (\S+) \((\S+)\)", text).groups()

    def stop(self):
        self.proc.terminate()
        try:
            out, _ = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("fbaflow-sim did not stop on SIGTERM")
            return
        if self.proc.returncode != 0:
            fail(f"fbaflow-sim exited {self.proc.returncode} on SIGTERM")
        if "stopped" not in out:
            fail("fbaflow-sim did not report a clean stop")

    def http(self, method, path, body=None, headers=None, raw=False, form=None):
        url = path if path.startswith("http") else self.base + path
        data = None
        headers = dict(headers or {})
        if form is not None:
            data = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                status, hdrs, payload = r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            status, hdrs, payload = e.code, dict(e.headers), e.read()
        if raw:
            return status, hdrs, payload
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = payload
        return status, hdrs, parsed

    def token(self, grantless=False):
        form = {"client_id": self.client_id, "client_secret": self.client_secret}
        if grantless:
            form.update(grant_type="client_credentials", scope="sellingpartnerapi::notifications")
        else:
            form.update(grant_type="refresh_token", refresh_token=self.refresh_token)
        status, _, body = self.http("POST", "/auth/o2/token", form=form)
        assert status == 200, body
        return body["access_token"]

    def advance(self, seconds):
        self.http("POST", f"/_sim/advance?seconds={seconds}")


class Client:
    """Calls operations by operationId and validates every answer."""

    def __init__(self, sim, models):
        self.sim, self.models = sim, models
        self.seller = sim.token()
        self.app = sim.token(grantless=True)

    def call(self, operation_id, path_params=None, query=None, body=None, token=None, expect=None, retry=True):
        """One call; a 429 (validated first) is retried after simulated time refills the bucket, and an
        expired access token is refreshed, as any real client does."""
        for _ in range(12):
            status, headers, parsed = self.call_once(operation_id, path_params, query, body, token)
            if retry and status == 429 and expect != 429:
                self.sim.advance(120)
                continue
            if status == 403 and token is None and isinstance(parsed, dict) and "expired" in str(parsed):
                self.seller = self.sim.token()
                self.app = self.sim.token(grantless=True)
                continue
            break
        if expect is not None and status != expect:
            fail(f"{operation_id}: expected HTTP {expect}, got {status}: {str(parsed)[:300]}")
        return status, headers, parsed

    def call_once(self, operation_id, path_params=None, query=None, body=None, token=None):
        _, op, method, path = self.models.ops[operation_id]
        for k, v in (path_params or {}).items():
            path = path.replace("{" + k + "}", urllib.parse.quote(str(v), safe=""))
        if query:
            path += "?" + urllib.parse.urlencode(query)
        grantless = operation_id in ("getDestinations", "createDestination", "getDestination", "deleteDestination",
                                     "getSubscriptionById", "deleteSubscriptionById")
        tok = token if token is not None else (self.app if grantless else self.seller)
        status, headers, parsed = self.sim.http(method, path, body=body, headers={"x-amz-access-token": tok})
        self.models.validate(operation_id, status, parsed, headers)
        return status, headers, parsed


def check_lwa(sim):
    status, headers, body = sim.http("POST", "/auth/o2/token", form={
        "grant_type": "refresh_token", "refresh_token": sim.refresh_token,
        "client_id": sim.client_id, "client_secret": sim.client_secret})
    if status != 200 or body.get("token_type") != "bearer" or body.get("expires_in") != 3600 or \
            not body.get("access_token", "").startswith("Atza|"):
        fail(f"LWA refresh grant: {status} {body}")
    cases = [
        ({"grant_type": "refresh_token", "refresh_token": "Atzr|wrong", "client_id": sim.client_id,
          "client_secret": sim.client_secret}, 400, "invalid_grant"),
        ({"grant_type": "refresh_token", "refresh_token": sim.refresh_token, "client_id": sim.client_id,
          "client_secret": "wrong"}, 401, "invalid_client"),
        ({"grant_type": "client_credentials", "scope": "sellingpartnerapi::nothing", "client_id": sim.client_id,
          "client_secret": sim.client_secret}, 400, "invalid_scope"),
        ({"grant_type": "password", "client_id": sim.client_id, "client_secret": sim.client_secret}, 400,
         "unsupported_grant_type"),
    ]
    for form, want_status, want_error in cases:
        status, _, body = sim.http("POST", "/auth/o2/token", form=form)
        if status != want_status or not isinstance(body, dict) or body.get("error") != want_error or \
                "error_description" not in body:
            fail(f"LWA {form.get('grant_type')}: expected {want_status} {want_error}, got {status} {body}")


def exercise(sim, models):
    """Every operation, success and error shapes, on a clean emulator."""
    c = Client(sim, models)
    mp = "ATVPDKIKX0DER"
    check_lwa(sim)

    # --- auth errors (403) ---
    c.call("searchOrders", query={"createdAfter": "2026-02-01T00:00:00Z"}, token="Atza|forged", expect=403)
    c.call("getDestinations", token=c.seller, expect=403)  # grantless operation with a seller token
    c.call("getReports", query={"reportTypes": "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"}, token=c.app, expect=403)

    # --- Notifications: destination and subscriptions first, so later changes are delivered ---
    c.call("createDestination", body={"name": "x", "resourceSpecification": {"sqs": {"arn": "not-an-arn"}}}, expect=400)
    _, _, d = c.call("createDestination", body={"name": "fbaflow", "resourceSpecification": {"sqs": {"arn": sim.queue_arn}}},
                     expect=200)
    dest = d["payload"]["destinationId"]
    c.call("createDestination", body={"name": "again", "resourceSpecification": {"sqs": {"arn": sim.queue_arn}}}, expect=409)
    c.call("getDestinations", expect=200)
    c.call("getDestination", path_params={"destinationId": dest}, expect=200)
    c.call("getDestination", path_params={"destinationId": "no-such"}, expect=404)
    subs = {}
    for t, v in (("ORDER_CHANGE", "1.0"), ("FBA_INVENTORY_AVAILABILITY_CHANGES", "1.0"), ("REPORT_PROCESSING_FINISHED", "2020-09-04")):
        _, _, s = c.call("createSubscription", path_params={"notificationType": t},
                         body={"payloadVersion": v, "destinationId": dest}, expect=200)
        subs[t] = s["payload"]["subscriptionId"]
    c.call("createSubscription", path_params={"notificationType": "ORDER_CHANGE"},
           body={"payloadVersion": "1.0", "destinationId": dest}, expect=409)
    c.call("createSubscription", path_params={"notificationType": "ANY_OFFER_CHANGED"},
           body={"payloadVersion": "1.0", "destinationId": dest}, expect=400)
    c.call("getSubscription", path_params={"notificationType": "ORDER_CHANGE"}, expect=200)
    c.call("getSubscriptions", query={"notificationTypes": "ORDER_CHANGE"}, expect=200)
    c.call("getSubscriptions", expect=400)
    c.call("getSubscriptionById", path_params={"notificationType": "ORDER_CHANGE", "subscriptionId": subs["ORDER_CHANGE"]}, expect=200)
    c.call("getSubscriptionById", path_params={"notificationType": "ORDER_CHANGE", "subscriptionId": "nope"}, expect=404)
    c.call("deleteDestination", path_params={"destinationId": dest}, expect=409)  # still in use

    # --- Orders ---
    _, _, r = c.call("searchOrders", query={"createdAfter": "2026-02-26T00:00:00Z", "maxResultsPerPage": 25,
                                            "includedData": "BUYER,RECIPIENT,PROCEEDS,FULFILLMENT,PACKAGES,CANCELLATION"},
                     expect=200)
    pages, order_ids = 1, [o["orderId"] for o in r["orders"]]
    statuses = {o["fulfillment"]["fulfillmentStatus"] for o in r["orders"]}
    while r.get("pagination", {}).get("nextToken") and pages < 40:
        _, _, r = c.call("searchOrders", query={"paginationToken": r["pagination"]["nextToken"]}, expect=200)
        order_ids += [o["orderId"] for o in r["orders"]]
        statuses |= {o["fulfillment"]["fulfillmentStatus"] for o in r["orders"]}
        pages += 1
    if pages < 2 or len(order_ids) != len(set(order_ids)):
        fail(f"searchOrders paging: {pages} pages, {len(order_ids)} ids, {len(set(order_ids))} distinct")
    for want in ("SHIPPED", "UNSHIPPED", "CANCELLED"):
        if want not in statuses:
            fail(f"searchOrders: no {want} order among {len(order_ids)}")
    _, _, r2 = c.call("searchOrders", query={"lastUpdatedAfter": "2026-02-28T00:00:00Z", "fulfilledBy": "MERCHANT",
                                             "fulfillmentStatuses": "PENDING,UNSHIPPED"}, expect=200)
    pending = [o for o in r2["orders"] if o.get("orderItems") and "price" not in o["orderItems"][0]["product"]]
    c.call("searchOrders", query={"createdAfter": "2026-02-20T00:00:00Z", "lastUpdatedAfter": "2026-02-20T00:00:00Z"}, expect=400)
    c.call("searchOrders", query={"createdAfter": "yesterday"}, expect=400)
    c.call("searchOrders", query={"createdAfter": "2026-02-20T00:00:00Z", "createdBefore": "2030-01-01T00:00:00Z"}, expect=400)
    c.call("searchOrders", query={"paginationToken": "expired-or-unknown"}, expect=400)
    # --- Orders v0 confirmShipment ---
    _, _, un = c.call("searchOrders", query={"createdAfter": "2026-02-20T00:00:00Z", "fulfilledBy": "MERCHANT",
                                             "fulfillmentStatuses": "UNSHIPPED"}, expect=200)
    if not un["orders"]:
        fail("no unshipped merchant-fulfilled order to confirm")
    else:
        o = un["orders"][0]
        confirm = {"marketplaceId": mp, "packageDetail": {
            "packageReferenceId": "1", "carrierCode": "UPS", "trackingNumber": "1Z999AA10123456784",
            "shipDate": "2026-03-01T00:00:00Z",
            "orderItems": [{"orderItemId": i["orderItemId"], "quantity": i["quantityOrdered"]} for i in o["orderItems"]]}}
        c.call("confirmShipment", path_params={"orderId": o["orderId"]}, body=confirm, expect=204)
        c.call("confirmShipment", path_params={"orderId": o["orderId"]}, body=confirm, expect=400)  # duplicate
        c.call("confirmShipment", path_params={"orderId": "111-0000000-0000000"}, body=confirm, expect=404)
        c.call("confirmShipment", path_params={"orderId": o["orderId"]}, body={"marketplaceId": mp}, expect=400)
        _, _, got = c.call("getOrder", path_params={"orderId": o["orderId"]},
                           query={"includedData": "FULFILLMENT,PACKAGES"}, expect=200)
        if got["order"]["fulfillment"]["fulfillmentStatus"] != "SHIPPED" or \
                got["order"].get("packages", [{}])[0].get("shipTime") != "2026-03-01T00:00:00Z":
            fail(f"confirmShipment did not ship the order: {got}"[:300])
    c.call("getOrder", path_params={"orderId": order_ids[0]}, query={"includedData": "FULFILLMENT,PROCEEDS,BUYER"}, expect=200)
    c.call("getOrder", path_params={"orderId": order_ids[-1]}, expect=200)
    c.call("getOrder", path_params={"orderId": "111-0000000-0000000"}, expect=404)
    c.call("getOrder", path_params={"orderId": order_ids[0]}, query={"includedData": "EVERYTHING"}, expect=400)

    # --- Reports ---
    _, _, r = c.call("getReports", query={"reportTypes": "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2", "pageSize": 1}, expect=200)
    settlements = list(r["reports"])
    while r.get("nextToken"):
        c.call("getReports", query={"nextToken": r["nextToken"], "pageSize": 1}, expect=400)  # nextToken must be alone
        _, _, r = c.call("getReports", query={"nextToken": r["nextToken"]}, expect=200)
        settlements += r["reports"]
    if len(settlements) < 2:
        fail(f"getReports: {len(settlements)} settlement reports after 30 days of history")
    c.call("getReports", query={"nextToken": "garbage"}, expect=400)
    c.call("getReports", expect=400)
    c.call("getReports", query={"reportTypes": "X", "processingStatuses": "SLEEPING"}, expect=400)
    c.call("getReport", path_params={"reportId": settlements[0]["reportId"]}, expect=200)
    c.call("getReport", path_params={"reportId": "1"}, expect=404)
    _, _, doc = c.call("getReportDocument", path_params={"reportDocumentId": settlements[0]["reportDocumentId"]}, expect=200)
    c.call("getReportDocument", path_params={"reportDocumentId": "amzn1.spdoc.nope"}, expect=404)
    status, headers, payload = sim.http("GET", doc["url"], raw=True)
    ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
    if status != 200 or "charset=" not in ctype.lower():
        fail(f"settlement download: {status} Content-Type {ctype!r}")
    text = payload.decode("utf-8")
    if not text.startswith("settlement-id\tsettlement-start-date") or text.splitlines()[0].count("\t") != 23:
        fail("settlement document does not start with the 24-column V2 header")
    c.call("createReport", body={"reportType": "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2", "marketplaceIds": [mp]}, expect=400)
    c.call("createReport", body={"marketplaceIds": [mp]}, expect=400)
    c.call("createReport", body=b"{not json", expect=400)
    ids = {}
    for rtype in ("GET_LEDGER_DETAIL_VIEW_DATA", "GET_LEDGER_SUMMARY_VIEW_DATA", "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA"):
        _, _, cr = c.call("createReport", body={"reportType": rtype, "marketplaceIds": [mp],
                                                 "dataStartTime": "2026-02-10T00:00:00Z",
                                                 "reportOptions": {"aggregatedByTimePeriod": "DAILY"} if "SUMMARY" in rtype else {}},
                          expect=202)
        ids[rtype] = cr["reportId"]
    _, _, queued = c.call("createReport", body={"reportType": "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", "marketplaceIds": [mp]}, expect=202)
    c.call("getReport", path_params={"reportId": ids["GET_LEDGER_DETAIL_VIEW_DATA"]}, expect=200)  # IN_QUEUE
    c.call("cancelReport", path_params={"reportId": queued["reportId"]}, expect=200)
    c.call("cancelReport", path_params={"reportId": queued["reportId"]}, expect=400)
    c.call("cancelReport", path_params={"reportId": "1"}, expect=404)
    sim.advance(600)
    for rtype, rid in ids.items():
        _, _, rep = c.call("getReport", path_params={"reportId": rid}, expect=200)
        if rep["processingStatus"] != "DONE":
            fail(f"{rtype}: {rep['processingStatus']} after 10 minutes")
            continue
        _, _, doc = c.call("getReportDocument", path_params={"reportDocumentId": rep["reportDocumentId"]}, expect=200)
        status, headers, payload = sim.http("GET", doc["url"], raw=True)
        if status != 200 or "Café".encode() not in payload:
            fail(f"{rtype} document: {status}, no 'Café' product title in {len(payload)} bytes")
    _, _, rs = c.call("getReports", query={"reportTypes": ",".join(ids), "processingStatuses": "DONE,CANCELLED",
                                           "marketplaceIds": mp, "createdSince": "2026-02-01T00:00:00Z"}, expect=200)

    # --- FBA Inventory ---
    inv_query = {"granularityType": "Marketplace", "granularityId": mp, "marketplaceIds": mp, "details": "true"}
    _, _, inv = c.call("getInventorySummaries", query=inv_query, expect=200)
    if not inv["payload"]["inventorySummaries"]:
        fail("getInventorySummaries: no summaries")
    if inv.get("pagination", {}).get("nextToken"):
        c.call("getInventorySummaries", query=dict(inv_query, nextToken=inv["pagination"]["nextToken"]), expect=200)
    c.call("getInventorySummaries", query={"granularityType": "Marketplace", "granularityId": mp, "marketplaceIds": mp,
                                           "sellerSkus": inv["payload"]["inventorySummaries"][0]["sellerSku"]}, expect=200)
    c.call("getInventorySummaries", query=dict(inv_query, nextToken="stale"), expect=400)
    c.call("getInventorySummaries", query={"granularityType": "Country", "granularityId": mp, "marketplaceIds": mp}, expect=400)
    afn_sku = inv["payload"]["inventorySummaries"][0]["sellerSku"]

    # --- Listings Items ---
    _, _, summary = c.call("getListingsItem", path_params={"sellerId": sim.seller_id, "sku": afn_sku},
                           query={"marketplaceIds": mp}, expect=200)
    mfn_sku = None
    for o in c.call("searchOrders", query={"createdAfter": "2026-02-01T00:00:00Z", "fulfilledBy": "MERCHANT",
                                           "maxResultsPerPage": 1})[2]["orders"]:
        mfn_sku = o["orderItems"][0]["product"]["sellerSku"]
    if mfn_sku is None:
        fail("no merchant-fulfilled order to take a SKU from")
        mfn_sku = afn_sku
    c.call("getListingsItem", path_params={"sellerId": sim.seller_id, "sku": mfn_sku},
           query={"marketplaceIds": mp, "includedData": "summaries,attributes,issues,offers,fulfillmentAvailability,productTypes,relationships,procurement"},
           expect=200)
    c.call("getListingsItem", path_params={"sellerId": sim.seller_id, "sku": "NO-SUCH-SKU"}, query={"marketplaceIds": mp}, expect=404)
    c.call("getListingsItem", path_params={"sellerId": sim.seller_id, "sku": afn_sku}, expect=400)
    patch = {"productType": "PRODUCT", "patches": [{"op": "replace", "path": "/attributes/fulfillment_availability",
                                                     "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 17}]}]}
    c.call("patchListingsItem", path_params={"sellerId": sim.seller_id, "sku": mfn_sku}, query={"marketplaceIds": mp}, body=patch, expect=200)
    c.call("patchListingsItem", path_params={"sellerId": sim.seller_id, "sku": mfn_sku},
           query={"marketplaceIds": mp, "mode": "VALIDATION_PREVIEW"}, body=patch, expect=200)
    _, _, bad = c.call("patchListingsItem", path_params={"sellerId": sim.seller_id, "sku": afn_sku}, query={"marketplaceIds": mp},
                       body=patch, expect=200)
    if bad.get("status") != "INVALID":
        fail(f"patchListingsItem on an FBA SKU: {bad}")
    c.call("patchListingsItem", path_params={"sellerId": sim.seller_id, "sku": mfn_sku}, query={"marketplaceIds": mp},
           body={"patches": []}, expect=400)
    sim.advance(60)
    _, _, after = c.call("getListingsItem", path_params={"sellerId": sim.seller_id, "sku": mfn_sku},
                         query={"marketplaceIds": mp, "includedData": "fulfillmentAvailability"}, expect=200)
    if after["fulfillmentAvailability"][0].get("quantity") != 17:
        fail(f"patched quantity not applied: {after}")

    # --- Feeds ---
    _, _, fd = c.call("createFeedDocument", body={"contentType": "application/json; charset=UTF-8"}, expect=201)
    c.call("createFeedDocument", body={}, expect=400)
    feed = {"header": {"sellerId": sim.seller_id, "version": "2.0", "issueLocale": "en_US"},
            "messages": [{"messageId": 1, "sku": mfn_sku, "operationType": "PATCH", "productType": "PRODUCT",
                          "patches": [{"op": "replace", "path": "/attributes/fulfillment_availability",
                                       "value": [{"fulfillment_channel_code": "DEFAULT", "quantity": 9}]}]},
                         {"messageId": 2, "sku": "NO-SUCH-SKU", "operationType": "PATCH", "productType": "PRODUCT", "patches": []}]}
    status, _, _ = sim.http("PUT", fd["url"], body=json.dumps(feed).encode(), headers={"Content-Type": "application/json; charset=UTF-8"}, raw=True)
    if status != 200:
        fail(f"feed upload: HTTP {status}")
    c.call("createFeed", body={"feedType": "JSON_LISTINGS_FEED", "marketplaceIds": [mp]}, expect=400)
    c.call("createFeed", body={"feedType": "POST_PRODUCT_DATA", "marketplaceIds": [mp], "inputFeedDocumentId": fd["feedDocumentId"]}, expect=400)
    _, _, cf = c.call("createFeed", body={"feedType": "JSON_LISTINGS_FEED", "marketplaceIds": [mp],
                                          "inputFeedDocumentId": fd["feedDocumentId"]}, expect=202)
    c.call("getFeed", path_params={"feedId": cf["feedId"]}, expect=200)
    c.call("getFeeds", query={"feedTypes": "JSON_LISTINGS_FEED"}, expect=200)
    c.call("getFeeds", query={"nextToken": "x", "pageSize": 5}, expect=400)
    sim.advance(600)
    _, _, f = c.call("getFeed", path_params={"feedId": cf["feedId"]}, expect=200)
    c.call("getFeed", path_params={"feedId": "1"}, expect=404)
    c.call("cancelFeed", path_params={"feedId": cf["feedId"]}, expect=400)
    if f["processingStatus"] != "DONE":
        fail(f"feed: {f['processingStatus']}")
    else:
        _, _, rd = c.call("getFeedDocument", path_params={"feedDocumentId": f["resultFeedDocumentId"]}, expect=200)
        status, _, result = sim.http("GET", rd["url"])
        if status != 200 or result.get("summary", {}).get("messagesAccepted") != 1 or result["summary"].get("messagesInvalid") != 1:
            fail(f"feed processing report: {status} {result}")
    c.call("getFeedDocument", path_params={"feedDocumentId": "nope"}, expect=404)

    # --- Finances ---
    _, _, tx = c.call("listTransactions", query={"postedAfter": "2026-02-15T00:00:00Z"}, expect=200)
    n = len(tx["payload"]["transactions"])
    kinds = {t["transactionType"] for t in tx["payload"]["transactions"]}
    pages = 1
    while tx["payload"].get("nextToken") and pages < 30:
        _, _, tx = c.call("listTransactions", query={"postedAfter": "2026-02-15T00:00:00Z", "nextToken": tx["payload"]["nextToken"]}, expect=200)
        n += len(tx["payload"]["transactions"])
        kinds |= {t["transactionType"] for t in tx["payload"]["transactions"]}
        pages += 1
    if n == 0 or "Shipment" not in kinds:
        fail(f"listTransactions: {n} transactions, kinds {kinds}")
    c.call("listTransactions", query={"relatedIdentifierName": "ORDER_ID", "relatedIdentifierValue": order_ids[0]}, expect=200)
    c.call("listTransactions", expect=400)
    c.call("listTransactions", query={"postedAfter": "2099-01-01T00:00:00Z"}, expect=400)
    c.call("listTransactions", query={"postedAfter": "2026-02-15T00:00:00Z", "nextToken": "unknown"}, expect=400)

    # --- Notifications delivered to the SQS queue ---
    sim.advance(6 * 3600)
    c.call("createReport", body={"reportType": "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", "marketplaceIds": [mp]}, expect=202)
    sim.advance(600)
    kinds = set()
    for _ in range(100):
        status, _, rec = sim.http("POST", "/", body={"QueueUrl": sim.queue_url, "MaxNumberOfMessages": 10, "WaitTimeSeconds": 0},
                                  headers={"X-Amz-Target": "AmazonSQS.ReceiveMessage", "Content-Type": "application/x-amz-json-1.0"})
        if status != 200:
            fail(f"SQS ReceiveMessage: {status} {rec}")
            break
        messages = rec.get("Messages", [])
        if not messages:
            break
        for m in messages:
            kinds.add(models.validate_notification(json.loads(m["Body"])))
            st, _, _ = sim.http("POST", "/", body={"QueueUrl": sim.queue_url, "ReceiptHandle": m["ReceiptHandle"]},
                                headers={"X-Amz-Target": "AmazonSQS.DeleteMessage", "Content-Type": "application/x-amz-json-1.0"})
            if st != 200:
                fail(f"SQS DeleteMessage: {st}")
    for want in ("ORDER_CHANGE", "FBA_INVENTORY_AVAILABILITY_CHANGES", "REPORT_PROCESSING_FINISHED"):
        if want not in kinds:
            fail(f"no {want} notification was delivered")
    status, _, err = sim.http("POST", "/", body={"QueueUrl": sim.base + "/000000000000/missing"},
                              headers={"X-Amz-Target": "AmazonSQS.ReceiveMessage", "Content-Type": "application/x-amz-json-1.0"})
    if status != 400 or "QueueDoesNotExist" not in err.get("__type", ""):
        fail(f"SQS on a missing queue: {status} {err}")
    for t, sid in subs.items():
        c.call("deleteSubscriptionById", path_params={"notificationType": t, "subscriptionId": sid}, expect=200)
    c.call("deleteSubscriptionById", path_params={"notificationType": "ORDER_CHANGE", "subscriptionId": subs["ORDER_CHANGE"]}, expect=404)
    c.call("getSubscription", path_params={"notificationType": "ORDER_CHANGE"}, expect=404)
    c.call("deleteDestination", path_params={"destinationId": dest}, expect=200)
    c.call("deleteDestination", path_params={"destinationId": dest}, expect=404)

    # --- Throttling: searchOrders has a burst of 20 and refills one token per 180 s ---
    throttled = 0
    for _ in range(25):
        status, _, _ = c.call("searchOrders", query={"createdAfter": "2026-02-27T00:00:00Z"}, retry=False)
        throttled += status == 429
    if throttled == 0:
        fail("searchOrders was never throttled in 25 quick calls")
    status, _, stats = sim.http("GET", "/_sim/stats")
    if stats["operations"]["searchOrders"]["throttled"] != throttled:
        fail(f"/_sim/stats counts {stats['operations']['searchOrders']['throttled']} throttled, saw {throttled}")


def exercise_faults(sim, models, kind):
    """Each operation once more on an emulator answering everything with a fault."""
    c = Client(sim, models)
    mp = "ATVPDKIKX0DER"
    calls = [
        ("searchOrders", {}, {"createdAfter": "2026-02-20T00:00:00Z"}, None),
        ("getOrder", {"orderId": "111-0000000-0000000"}, None, None),
        ("getReports", {}, {"reportTypes": "GET_V2_SETTLEMENT_REPORT_DATA_FLAT_FILE_V2"}, None),
        ("createReport", {}, None, {"reportType": "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", "marketplaceIds": [mp]}),
        ("getReport", {"reportId": "1"}, None, None),
        ("cancelReport", {"reportId": "1"}, None, None),
        ("getReportDocument", {"reportDocumentId": "x"}, None, None),
        ("getInventorySummaries", {}, {"granularityType": "Marketplace", "granularityId": mp, "marketplaceIds": mp}, None),
        ("getListingsItem", {"sellerId": sim.seller_id, "sku": "x"}, {"marketplaceIds": mp}, None),
        ("patchListingsItem", {"sellerId": sim.seller_id, "sku": "x"}, {"marketplaceIds": mp}, {"productType": "P", "patches": []}),
        ("createFeedDocument", {}, None, {"contentType": "application/json"}),
        ("createFeed", {}, None, {"feedType": "JSON_LISTINGS_FEED"}),
        ("getFeed", {"feedId": "1"}, None, None),
        ("getFeeds", {}, {"feedTypes": "JSON_LISTINGS_FEED"}, None),
        ("cancelFeed", {"feedId": "1"}, None, None),
        ("getFeedDocument", {"feedDocumentId": "x"}, None, None),
        ("listTransactions", {}, {"postedAfter": "2026-02-15T00:00:00Z"}, None),
        ("getDestinations", {}, None, None),
        ("createDestination", {}, None, {"name": "x", "resourceSpecification": {"sqs": {"arn": sim.queue_arn}}}),
        ("getDestination", {"destinationId": "x"}, None, None),
        ("deleteDestination", {"destinationId": "x"}, None, None),
        ("getSubscriptions", {}, {"notificationTypes": "ORDER_CHANGE"}, None),
        ("getSubscription", {"notificationType": "ORDER_CHANGE"}, None, None),
        ("createSubscription", {"notificationType": "ORDER_CHANGE"}, None, {"payloadVersion": "1.0", "destinationId": "x"}),
        ("getSubscriptionById", {"notificationType": "ORDER_CHANGE", "subscriptionId": "x"}, None, None),
        ("deleteSubscriptionById", {"notificationType": "ORDER_CHANGE", "subscriptionId": "x"}, None, None),
    ]
    for op, path, query, body in calls:
        status, headers, parsed = c.call(op, path_params=path, query=query, body=body, retry=False)
        if kind == "storm":
            if status != 429 or parsed != {"errors": [{"code": "QuotaExceeded",
                                                       "message": "You exceeded your quota for the requested resource.",
                                                       "details": ""}]}:
                fail(f"{op} in a 429 storm: {status} {parsed}")
        elif status not in (500, 503):
            fail(f"{op} with 5xx=1: HTTP {status}")


def exercise_documents(sim, models):
    """FATAL reports, gzip and windows-1252 documents."""
    c = Client(sim, models)
    mp = "ATVPDKIKX0DER"
    ids = []
    for _ in range(6):
        _, _, cr = c.call("createReport", body={"reportType": "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA", "marketplaceIds": [mp]}, expect=202)
        ids.append(cr["reportId"])
    sim.advance(600)
    outcomes = set()
    for rid in ids:
        _, _, rep = c.call("getReport", path_params={"reportId": rid}, expect=200)
        outcomes.add(rep["processingStatus"])
        if rep["processingStatus"] != "DONE":
            continue
        _, _, doc = c.call("getReportDocument", path_params={"reportDocumentId": rep["reportDocumentId"]}, expect=200)
        if doc.get("compressionAlgorithm") != "GZIP":
            fail(f"gzip=1 but the document is not GZIP: {doc}")
            continue
        status, headers, payload = sim.http("GET", doc["url"], raw=True)
        ctype = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        text = gzip.decompress(payload)
        if "charset=windows-1252" not in ctype or "Café".encode("cp1252") not in text:
            fail(f"cp1252=1 document: Content-Type {ctype!r}, 'Café' in windows-1252 missing")
        _, _, doc2 = c.call("getReportDocument", path_params={"reportDocumentId": rep["reportDocumentId"]},
                            query={"enableContentEncodingUrlHeader": "true"}, expect=200)
        status, headers, _ = sim.http("GET", doc2["url"], raw=True)
        if {k.lower(): v for k, v in headers.items()}.get("content-encoding") != "gzip":
            fail("enableContentEncodingUrlHeader=true: no Content-Encoding: gzip on the download")
    if "FATAL" not in outcomes or "DONE" not in outcomes:
        fail(f"fatal=0.5: outcomes {outcomes}")
    _, _, rs = c.call("getReports", query={"reportTypes": "GET_FBA_MYI_UNSUPPRESSED_INVENTORY_DATA",
                                           "processingStatuses": "FATAL"}, expect=200)
    if not rs["reports"]:
        fail("getReports processingStatuses=FATAL found nothing")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sim", required=True)
    ap.add_argument("--models", required=True)
    args = ap.parse_args()
    models = Models(args.models)
    common = ["--seed", "5", "--time-scale", "1", "--start", "2026-03-01T00:00:00Z", "--history-days", "30",
              "--orders-per-day", "60", "--skus", "12"]
    runs = [
        ("clean", [], exercise),
        ("5xx", ["--faults", "5xx=1"], lambda s, m: exercise_faults(s, m, "5xx")),
        ("storm", ["--faults", "storm=1d/1d"], lambda s, m: exercise_faults(s, m, "storm")),
        ("documents", ["--faults", "fatal=0.5,gzip=1,cp1252=1,seed=3"], exercise_documents),
    ]
    for name, extra, fn in runs:
        print(f"== {name}", flush=True)
        sim = Sim(args.sim, *common, *extra)
        try:
            fn(sim, models)
        except Exception as e:  # a crash of the test is a failure, with its reason
            fail(f"{name}: {type(e).__name__}: {e}")
        finally:
            sim.stop()
    ops = sorted({op for op, _ in seen if op != "notification"})
    print(f"validated {checked['responses']} responses of {len(ops)} operations "
          f"({len(seen)} operation/status shapes) and {checked['notifications']} notifications")
    for op in ops:
        print(f"  {op}: {sorted(s for o, s in seen if o == op)}")
    print(f"{checked['responses'] + checked['notifications'] - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
