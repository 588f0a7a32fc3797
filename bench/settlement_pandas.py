#!/usr/bin/python3
"""The settlement aggregation done the way most people would do it: pandas.

Reads an Amazon settlement flat file with pandas.read_csv(sep="\\t") and sums `amount` per
(transaction-type, amount-type, amount-description), the grouping fbaflow's journal starts from.
This is the comparison point of `make bench` (see bench/README.md).

Amounts are parsed the way pandas naturally does it: as float64 (read_csv's own number parser,
with decimal="," and thousands="." for comma-decimal files). --exact parses them as text into
decimal.Decimal instead, which is exact but several times slower; the benchmark uses the natural
path. The summary row (row 2) has no transaction-type, so groupby leaves it out by itself.

Prints one JSON object on stdout: rows, groups, the sum of the groups, the file's total-amount,
and the seconds spent in read_csv and in groupby (interpreter start-up and `import pandas` are
not in these, but they are in the time `make bench` measures around the whole process).
Needs Debian's python3-pandas: run it with /usr/bin/python3.
"""

import argparse
import json
import sys
import time
import warnings
from decimal import Decimal


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="settlement flat file (tab-separated)")
    parser.add_argument(
        "--decimal",
        choices=["auto", "dot", "comma"],
        default="auto",
        help="decimal separator of the amounts (auto: read from the summary row)",
    )
    parser.add_argument("--encoding", default="utf-8", help="text encoding (utf-8, cp1252)")
    parser.add_argument("--exact", action="store_true", help="parse amounts as Decimal")
    return parser.parse_args()


def detect_decimal(path, encoding):
    """The summary row's total-amount tells the style: "0,00" / "1.234,56" is comma-decimal."""
    with open(path, encoding=encoding, newline="") as f:
        header = f.readline().rstrip("\r\n").split("\t")
        summary = f.readline().rstrip("\r\n").split("\t")
    total = summary[header.index("total-amount")]
    return "comma" if "," in total and ("." not in total or total.rfind(",") > total.rfind(".")) else "dot"


def main():
    args = parse_args()
    import pandas as pd  # imported here so that --help works without pandas

    style = detect_decimal(args.file, args.encoding) if args.decimal == "auto" else args.decimal
    decimal, thousands = (",", ".") if style == "comma" else (".", None)
    keys = ["transaction-type", "amount-type", "amount-description"]

    started = time.perf_counter()
    with warnings.catch_warnings():
        # Mixed-type columns (ids that look numeric on some rows) only warn.
        warnings.simplefilter("ignore")
        if args.exact:
            to_decimal = (
                (lambda s: Decimal(s.replace(".", "").replace(",", ".")) if s else None)
                if style == "comma"
                else (lambda s: Decimal(s) if s else None)
            )
            frame = pd.read_csv(
                args.file, sep="\t", encoding=args.encoding, converters={"amount": to_decimal}
            )
        else:
            frame = pd.read_csv(
                args.file, sep="\t", encoding=args.encoding, decimal=decimal, thousands=thousands
            )
    read_seconds = time.perf_counter() - started

    started = time.perf_counter()
    sums = frame.groupby(keys)["amount"].sum()
    group_seconds = time.perf_counter() - started

    total_text = str(frame["total-amount"].iloc[0])
    result = {
        "rows": int(frame["transaction-type"].notna().sum()),
        "groups": int(len(sums)),
        "sum_of_groups": str(sum(sums.tolist(), Decimal(0)) if args.exact else round(float(sums.sum()), 2)),
        "total_amount": total_text,
        "amounts": "decimal" if args.exact else "float64",
        "read_csv_seconds": round(read_seconds, 3),
        "groupby_seconds": round(group_seconds, 3),
    }
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
