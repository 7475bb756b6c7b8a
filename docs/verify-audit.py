#!/usr/bin/env python3
"""Verifies Fleet's audit trail straight from a copy of fleet.db, without Fleet's own code.

Usage: python3 verify-audit.py fleet.db
Prints "intact: N entries, head SEQ HASH" and exits 0, or names the first broken entry and exits 1.
The canonical form is described in docs/audit.md.
"""
import hashlib
import sqlite3
import sys

FIELDS = ("seq", "at", "actor", "actor_role", "client_address", "action", "target_kind",
          "target_id", "platform", "region", "before", "after", "previous_hash")


def netstring(value):
    if value is None:
        return b"~,"
    data = str(value).encode("utf-8")
    return str(len(data)).encode("ascii") + b":" + data + b","


def canonical(row):
    return netstring("fleet-audit-v1") + b"".join(netstring(row[field]) for field in FIELDS)


def main(path):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    expected_seq, previous, count, head = 1, "0" * 64, 0, None
    for row in db.execute("SELECT * FROM audit_trail ORDER BY seq"):
        count += 1
        if row["seq"] != expected_seq:
            return fail(row["seq"], f"entries {expected_seq} to {row['seq'] - 1} are missing")
        if row["previous_hash"] != previous:
            return fail(row["seq"], "does not carry the previous entry's hash")
        if hashlib.sha256(canonical(row)).hexdigest() != row["hash"]:
            return fail(row["seq"], "does not match its hash")
        previous, expected_seq, head = row["hash"], expected_seq + 1, row
    used = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_trail'").fetchone()
    if used and used[0] > expected_seq - 1:
        return fail(expected_seq, f"entries {expected_seq} to {used[0]} were cut off the end")
    print(f"intact: {count} entries" + (f", head {head['seq']} {head['hash']}" if head else ""))
    return 0


def fail(seq, problem):
    print(f"broken at entry {seq}: {problem}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
