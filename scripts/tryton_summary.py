#!/usr/bin/python3
"""What fbaflow created in a Tryton database, read back over Tryton's JSON-RPC (demo tooling).

Usage: tryton_summary.py URL DATABASE USER PASSWORD
Prints the sales by warehouse and state, the customer shipments by state, and the account moves
of the Amazon journal with their totals.
"""
import base64
import collections
import json
import sys
import urllib.request


def main():
    url, db, user, password = sys.argv[1:5]
    endpoint = url.rstrip("/") + "/" + db + "/"

    def call(method, params, auth=None):
        body = json.dumps({"id": 1, "method": method, "params": params}).encode()
        req = urllib.request.Request(endpoint, body, {"Content-Type": "application/json"})
        if auth:
            req.add_header("Authorization", "Session " + auth)
        with urllib.request.urlopen(req) as resp:
            answer = json.load(resp)
        if "error" in answer and answer["error"]:
            raise SystemExit("tryton: %s: %s" % (method, answer["error"]))
        return answer["result"]

    uid, session = call("common.db.login", [user, {"password": password}, "en"])
    auth = base64.b64encode(("%s:%s:%s" % (user, uid, session)).encode()).decode()
    context = call("model.res.user.get_preferences", [True, {}], auth)

    def search_read(model, domain, fields):
        return call("model.%s.search_read" % model, [domain, 0, None, None, fields, context], auth)

    sales = search_read("sale.sale", [], ["warehouse.name", "state"])
    by = collections.Counter((s["warehouse."]["name"], s["state"]) for s in sales)
    print("   sales (sale.sale): %d" % len(sales))
    for (warehouse, state), n in sorted(by.items()):
        print("     %-15s %-11s %4d" % (warehouse, state, n))
    shipments = search_read("stock.shipment.out", [], ["warehouse.name", "state"])
    by = collections.Counter((s["warehouse."]["name"], s["state"]) for s in shipments)
    print("   customer shipments (stock.shipment.out): %d" % len(shipments))
    for (warehouse, state), n in sorted(by.items()):
        print("     %-15s %-11s %4d" % (warehouse, state, n))
    moves = search_read("account.move", [["journal.code", "=", "AMZ"]],
                        ["description", "state", "lines", "date"])
    print("   account moves in the Amazon journal (account.move): %d" % len(moves))
    for m in moves:
        lines = search_read("account.move.line", [["move", "=", m["id"]]],
                            ["debit", "credit", "account.code"])
        debit = sum(float(l["debit"]["decimal"]) if isinstance(l["debit"], dict) else float(l["debit"])
                    for l in lines)
        d = m["date"]
        date = "%04d-%02d-%02d" % (d["year"], d["month"], d["day"]) if isinstance(d, dict) else d
        print("     %s %-8s %s: %d lines, debits = credits = %.2f"
              % (date, m["state"], m["description"], len(lines), debit))


if __name__ == "__main__":
    main()
