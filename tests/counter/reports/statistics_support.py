"""A hand-made week of cases whose statistics are counted by hand in the tests.

Twelve cases taken in Monday 2 to Friday 6 March 2026 (no holiday near), one
the Monday after (outside the week), their department results as transition
events, and seven ratings, six of them in the week.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

from counter.desk import Desk

START, END = date(2026, 3, 2), date(2026, 3, 6)
AS_OF = date(2026, 3, 20)
CST = timezone(timedelta(hours=8))
ID_NUMBER = "140121198503120021"

HRSS = "县人力资源和社会保障局"
SAMR = "县市场监督管理局"
ITEM_A = ("RS-002", "失业保险金申领", HRSS)
ITEM_B = ("SCJG-004", "食品经营许可", SAMR)
ITEM_C = ("RS-001", "社会保障卡申领", HRSS)
WANG = (1, "王芳", "01")
ZHAO = (2, "赵磊", "02")

# (n, item, clerk, decision, state, intake day, due date, result: (to_state, office time))
# Every intake at 09:00 office time.
CASES = [
    (1, ITEM_A, WANG, "accept", "delivered", "2026-03-02", "2026-03-09",
     ("approved", "2026-03-05 09:00")),  # 72 h, 3 working days, on time
    (2, ITEM_A, WANG, "accept", "delivered", "2026-03-02", "2026-03-09",
     ("rejected", "2026-03-10 00:30")),  # 183.5 h, 6 wd; late (the 9th in UTC, the 10th here)
    (3, ITEM_A, ZHAO, "accept", "result_ready", "2026-03-03", "2026-03-10",
     ("approved", "2026-03-10 17:00")),  # 176 h, 5 wd, on time (on the due date)
    (4, ITEM_B, ZHAO, "accept", "rejected", "2026-03-03", "2026-03-10",
     ("rejected", "2026-03-04 15:00")),  # 30 h, 1 wd, on time
    (5, ITEM_B, WANG, "accept", "in_review", "2026-03-04", "2026-03-11", None),  # overdue
    (6, ITEM_B, WANG, "accept_pending", "accepted_pending", "2026-03-04", "2026-03-25", None),
    (7, ITEM_C, ZHAO, "accept", "approved", "2026-03-05", "2026-03-05",
     ("approved", "2026-03-05 11:00")),  # 2 h, 0 wd, on time
    (8, ITEM_A, WANG, "request_correction", "correction_requested", "2026-03-05", None, None),
    (9, ITEM_A, ZHAO, "request_correction", "submitted", "2026-03-05", "2026-03-12",
     None),  # came back with the papers, accepted; now overdue
    (10, ITEM_B, ZHAO, "refuse", "refused", "2026-03-06", None, None),
    (11, ITEM_C, WANG, "accept", "voided", "2026-03-06", "2026-03-06", None),
    (12, ITEM_B, WANG, "refuse", "refused", "2026-03-06", None, None),
    (13, ITEM_A, WANG, "accept", "approved", "2026-03-09", "2026-03-16",
     ("approved", "2026-03-10 09:00")),  # the next week: outside the range
]

# (case n, visit, level, office date)
EVALUATIONS = [
    (1, "intake", 5, "2026-03-02"),
    (1, "delivery", 5, "2026-03-06"),
    (3, "intake", 4, "2026-03-03"),
    (4, "intake", 3, "2026-03-03"),
    (5, "intake", 1, "2026-03-04"),
    (7, "intake", 2, "2026-03-05"),
    (13, "intake", 1, "2026-03-09"),  # outside the range
]


def stamp(local: str) -> str:
    """Office time 'YYYY-MM-DD HH:MM' as the store keeps it (UTC text)."""
    value = datetime.fromisoformat(local).replace(tzinfo=CST)
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def load_week(desk: Desk) -> dict[int, str]:
    """Write the cases, events and ratings; return case ids by number."""
    ids: dict[int, str] = {}
    with desk.store.write_sql() as conn:
        for n, item, clerk, decision, state, local, due, result in CASES:
            case_id = str(uuid.uuid4())
            ids[n] = case_id
            accepted = stamp(f"{local} 09:00")
            row = {
                "id": case_id,
                "acceptance_no": f"140121-{clerk[2]}-{local.replace('-', '')}-{n:04d}",
                "office_code": "140121",
                "desk_code": clerk[2],
                "service_code": item[0],
                "service_name": item[1],
                "department": item[2],
                "decision": decision,
                "state": state,
                "applicant_kind": "person",
                "applicant_name": f"申请人{n}",
                "applicant_id_type": "resident_id",
                "applicant_id_number": ID_NUMBER,
                "applicant_phone": "13912345678",
                "applicant_address": "", "legal_rep_name": "", "agent_name": "",
                "agent_id_type": "", "agent_id_number": "", "agent_phone": "",
                "reason": "",
                "due_provisional": 0,
                "commitment_signed": 0,
                "accepted_at": accepted,
                "local_date": local,
                "promised_days": 5,
                "due_date": due,
                "clerk_id": clerk[0],
                "clerk_name": clerk[1],
                "updated_at": accepted,
            }
            conn.execute(
                f"INSERT INTO case_record ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                tuple(row.values()),
            )
            event = ("INSERT INTO case_event (case_id, kind, from_state, to_state, actor_id,"
                     " actor_name, at, reason, data) VALUES (?, ?, ?, ?, NULL, '', ?, '', '{}')")
            # a move that is not a result, which must not count as one
            conn.execute(event, (case_id, "transition", "accepted", "submitted", accepted))
            if result is not None:
                conn.execute(event, (case_id, "transition", "in_review", result[0],
                                     stamp(result[1])))
        for n, visit, level, local in EVALUATIONS:
            conn.execute(
                "INSERT INTO evaluation (id, case_id, visit, level, reason, at, local_date,"
                " clerk_id, clerk_name, follow_up, follow_up_note, followed_by_name)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 1, '王芳', ?, '', '')",
                (str(uuid.uuid4()), ids[n], visit, level, "等待时间长" if level <= 2 else "",
                 stamp(f"{local} 10:00"), local, "open" if level <= 2 else ""),
            )
    return ids
