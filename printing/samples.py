"""One sample of every printed document, with realistic data: `counter-desk print-samples`.

For checking a printer, a font or a layout change by eye, without a store or
a case. `SAMPLES` is the registry: one (file name, builder) entry per
document, so a new document is one more line. Builders take the run (the
resolved CJK font and the sample signing key) and return PDF bytes.

The sample certificate is really signed, so its QR code verifies as a
department's does: each run makes a new Ed25519 key the way the platform makes
its signing keys, signs the sample with it and forgets the private half. The
public half is written beside the PDFs as `KEY_SET_FILE`, shaped like the
platform's ``GET /v1/keys`` answer, which ``counter-desk verify --keys`` reads
(and ``counter-desk keys install`` takes, on a desk kept for review).
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter.certificates.payload import (
    CertificateData,
    PublicKey,
    canonical_json,
    new_signing_key,
    sign_certificate,
)
from counter.clock import utc_now
from counter.day.figures import (
    CountRow,
    DailyFigures,
    DeadLetterRow,
    DeadlineRow,
)
from printing.certificate import build_certificate
from printing.certificate_data import CertificateSheet
from printing.daily_report import build_daily_report
from printing.extension_notice import ExtensionNoticeData, build_extension_notice
from printing.fonts import CjkFont, resolve_cjk_font
from printing.notice_data import (
    CorrectionNoticeData,
    NoticeCase,
    NoticeItem,
    PendingNoticeData,
    RefusalNoticeData,
)
from printing.notices import build_correction_notice, build_pending_notice, build_refusal_notice
from printing.receipt import build_acceptance_receipt
from printing.receipt_data import MaterialLine, ReceiptData
from printing.thermal import build_thermal_receipt
from sync.protocol import PublicKeys

__all__ = [
    "ACCEPTANCE_NO",
    "KEY_SET_FILE",
    "SAMPLES",
    "Sample",
    "SampleKey",
    "SampleRun",
    "register",
    "sample_certificate",
    "sample_certificate_data",
    "sample_daily_figures",
    "sample_notice_case",
    "sample_receipt",
    "write_samples",
]

CST = timezone(timedelta(hours=8))
OFFICE_NAME = "清徐县政务服务中心"
OFFICE_ADDRESS = "山西省太原市清徐县清泉东路 88 号 政务服务中心一楼"
ACCEPTANCE_NO = "140121-03-20261127-0042"
KEY_SET_FILE = "sample-keys.json"
"""The sample certificate's public key, as the platform's /v1/keys answer, beside the PDFs."""


@dataclass(frozen=True)
class SampleKey:
    """The key a run's sample certificate is signed with; only `public` outlives the run."""

    private: Ed25519PrivateKey
    public: PublicKey

    @classmethod
    def new(cls) -> SampleKey:
        """A fresh key, made as the platform makes its department signing keys."""
        return cls(*new_signing_key(utc_now()))

    def key_set_json(self) -> str:
        """The public key as a saved ``GET /v1/keys`` answer."""
        return PublicKeys(keys=[self.public]).model_dump_json(indent=2) + "\n"


@dataclass(frozen=True)
class SampleRun:
    """What every builder of a run shares: the document font and the sample signing key."""

    font: CjkFont
    key: SampleKey


def sample_receipt(pending: bool = False) -> ReceiptData:
    """A food business permit taken in at window 03, by an agent for a company."""
    materials = (
        MaterialLine("食品经营许可申请书", "原件", 1, 3, "received"),
        MaterialLine("营业执照", "电子材料", 0, None, "shared"),
        MaterialLine("法定代表人身份证明", "复印件", 1, 1, "received"),
        MaterialLine("授权委托书", "原件", 1, 1, "received"),
        MaterialLine(
            "与食品经营相适应的主要设备设施布局、操作流程等文件", "原件", 1, 6, "received"
        ),
        MaterialLine("食品安全管理制度文本", "原件", 0, None, "pending" if pending else "waived"),
    )
    return ReceiptData(
        office_name=OFFICE_NAME,
        office_address=OFFICE_ADDRESS,
        hotline="0351-12345",
        acceptance_no=ACCEPTANCE_NO,
        decision="accepted_pending" if pending else "accepted",
        service_code="SCJG-004",
        service_name="食品经营许可（新办）",
        department="清徐县市场监督管理局",
        applicant_name="清徐县味道餐饮有限公司",
        applicant_id_masked="91140121**********43",
        applicant_phone_masked="0351****456",
        agent_name="李明",
        agent_id_masked="140121**********0031",
        materials=materials,
        accepted_at=datetime(2026, 11, 27, 9, 42, tzinfo=CST),
        promised_date=date(2026, 12, 4),
        promised_provisional=pending,
        makeup_deadline=date(2026, 12, 2) if pending else None,
        clerk_name="王芳",
        desk_code="03",
        query_url="https://zwfw.example.gov.cn/query",
        applicant_id_label="统一社会信用代码",
    )


def sample_notice_case() -> NoticeCase:
    """The case behind the sample notices: the same application as the sample receipt."""
    r = sample_receipt()
    return NoticeCase(
        office_name=r.office_name,
        office_address=r.office_address,
        hotline=r.hotline,
        acceptance_no=r.acceptance_no,
        service_code=r.service_code,
        service_name=r.service_name,
        department=r.department,
        applicant_name=r.applicant_name,
        applicant_id_label=r.applicant_id_label,
        applicant_id_masked=r.applicant_id_masked,
        applicant_phone_masked=r.applicant_phone_masked,
        agent_name=r.agent_name,
        agent_id_masked=r.agent_id_masked,
        issued_at=r.accepted_at,
        clerk_name=r.clerk_name,
        desk_code=r.desk_code,
        query_url=r.query_url,
    )


_NOTICE_ITEMS = (
    NoticeItem("食品安全管理制度文本", "missing", "需加盖企业公章", "原件", 1),
    NoticeItem("经营场所平面图", "faulty", "未标注功能间面积，请补充后重新提交", "原件", 1),
)


def sample_certificate_data() -> CertificateData:
    """What the department signs for the sample application: the food business permit."""
    return CertificateData(
        certificate_id="JY11401210012345",
        doc_type="food_business_permit",
        title="食品经营许可证",
        case_id="3f0c2a9e-7b1d-4c55-9e2a-5d6b8a1c0042",
        acceptance_no=ACCEPTANCE_NO,
        service_code="SCJG-004",
        issuer="清徐县市场监督管理局",
        holder_name="清徐县味道餐饮有限公司",
        holder_id_masked="91140121**********43",
        issued_at=datetime(2026, 12, 3, 15, 20, tzinfo=CST),
    )


def sample_certificate(key: SampleKey) -> CertificateSheet:
    """The permit issued for the sample application, first print, signed with `key`.

    The QR code holds the signed certificate as a stored one prints it
    (`counter.certificates.records.qr_payload`), so it verifies against `key.public`.
    """
    data = sample_certificate_data()
    signed = sign_certificate(data, key.private, key.public.key_id)
    return CertificateSheet(
        office_name=OFFICE_NAME,
        office_address=OFFICE_ADDRESS,
        hotline="0351-12345",
        title=data.title,
        doc_type_label="许可证",
        serial=data.certificate_id,
        issuer=data.issuer,
        issued_at=data.issued_at,
        holder_name=data.holder_name,
        holder_id_masked=data.holder_id_masked,
        acceptance_no=data.acceptance_no,
        service_name="食品经营许可（新办）",
        accepted_at=datetime(2026, 11, 27, 9, 42, tzinfo=CST),
        qr_payload=canonical_json(signed.model_dump(mode="json")),
        printed_at=datetime(2026, 12, 4, 10, 5, tzinfo=CST),
    )


_ITEMS = (
    ("RS-002", "失业保险金申领", "清徐县人力资源和社会保障局", 38),
    ("RS-001", "社会保障卡申领", "清徐县人力资源和社会保障局", 31),
    ("GA-001", "居民身份证换领", "清徐县公安局", 27),
    ("SCJG-004", "食品经营许可（新办）", "清徐县市场监督管理局", 19),
    ("SCJG-001", "个体工商户设立登记", "清徐县市场监督管理局", 16),
    ("MZ-003", "最低生活保障申请", "清徐县民政局", 9),
    ("ZJ-002", "建筑工程施工许可证核发", "清徐县住房和城乡建设局", 6),
    ("BDC-001", "不动产登记（首次登记）", "清徐县自然资源局", 4),
)
_CLERKS = (("1", "王芳", "01", 41), ("2", "赵磊", "02", 37), ("5", "孙丽", "03", 35))
_NAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"


def sample_daily_figures(items: int | None = None, listed: int = 12) -> DailyFigures:
    """A realistic day; `items` service items (default: eight real ones) to test page flow."""
    if items is None:
        by_item = tuple(CountRow(code, name, n, dept) for code, name, dept, n in _ITEMS)
    else:
        by_item = tuple(
            CountRow(
                f"SX-{k:04d}", f"示例事项{k}（含较长名称的审批服务事项）", 1 + k % 7, "示例部门"
            )
            for k in range(1, items + 1)
        )
    total = sum(r.count for r in by_item)
    departments: dict[str, int] = {}
    for r in by_item:
        departments[r.detail] = departments.get(r.detail, 0) + r.count
    day = date(2026, 11, 27)

    def deadline(k: int, days: int) -> DeadlineRow:
        _code, name, dept, _n = _ITEMS[k % len(_ITEMS)]
        # 27 November 2026 is a Friday: working days ahead skip the weekend
        due = day + timedelta(days=days + (2 if days > 0 else 0))
        return DeadlineRow(
            acceptance_no=f"140121-0{1 + k % 3}-202611{10 + k % 15:02d}-{k + 1:04d}",
            service_name=name,
            department=dept,
            applicant_name=_NAMES[k % len(_NAMES)] + "某某",
            clerk_name=_CLERKS[k % 3][1],
            state=("submitted", "in_review", "accepted_pending")[k % 3],
            accepted_on=day - timedelta(days=10 + k % 9),
            due_date=due,
            working_days=days,
        )

    return DailyFigures(
        office_code="140121",
        office_name=OFFICE_NAME,
        day=day,
        generated_at=datetime(2026, 11, 27, 17, 35, tzinfo=CST),
        total=total,
        by_item=by_item,
        by_department=tuple(
            CountRow(d, d, n) for d, n in sorted(departments.items(), key=lambda kv: -kv[1])
        ),
        by_clerk=tuple(CountRow(k, name, n, desk) for k, name, desk, n in _CLERKS),
        by_state=(
            CountRow("accepted", "accepted", total - 21),
            CountRow("accepted_pending", "accepted_pending", 6),
            CountRow("correction_requested", "correction_requested", 9),
            CountRow("delivered", "delivered", 4),
            CountRow("refused", "refused", 2),
        ),
        by_decision=(
            CountRow("accept", "accept", total - 17),
            CountRow("request_correction", "request_correction", 9),
            CountRow("accept_pending", "accept_pending", 6),
            CountRow("refuse", "refuse", 2),
        ),
        due_soon_days=2,
        overdue_total=3,
        overdue=tuple(deadline(k, -(1 + k)) for k in range(3)),
        due_soon_total=listed,
        due_soon=tuple(deadline(k + 3, k % 3) for k in range(listed)),
        backlog=7,
        oldest_backlog_at=datetime(2026, 11, 27, 6, 12, tzinfo=UTC),
        dead_total=1,
        dead_letters=(
            DeadLetterRow(
                "140121-02-20261126-0017",
                "case.intake",
                "schema: applicant.phone 不是有效的电话号码",
                1,
                datetime(2026, 11, 26, 2, 40, tzinfo=UTC),
            ),
        ),
    )


@dataclass(frozen=True)
class Sample:
    """A document's sample: the file it goes to, and how it is made.

    `signed`: it carries a certificate signed with the run's key, so the key
    set to verify it with is written beside it.
    """

    filename: str
    build: Callable[[SampleRun], bytes]
    signed: bool = False


SAMPLES: dict[str, Sample] = {
    "receipt": Sample(
        "受理回执.pdf", lambda run: build_acceptance_receipt(sample_receipt(), run.font)
    ),
    "receipt-pending": Sample(
        "容缺受理回执.pdf",
        lambda run: build_acceptance_receipt(sample_receipt(pending=True), run.font),
    ),
    "thermal-receipt": Sample(
        "受理回执-80mm.pdf",
        lambda run: build_thermal_receipt(sample_receipt(pending=True), run.font),
    ),
    "correction-notice": Sample(
        "一次性告知书.pdf",
        lambda run: build_correction_notice(
            CorrectionNoticeData(
                sample_notice_case(), _NOTICE_ITEMS, "请一次性补齐后到3号窗口办理"
            ),
            run.font,
        ),
    ),
    "refusal-notice": Sample(
        "不予受理通知书.pdf",
        lambda run: build_refusal_notice(
            RefusalNoticeData(sample_notice_case(), "申请事项不属于本机关职权范围"), run.font
        ),
    ),
    "pending-notice": Sample(
        "容缺受理通知书.pdf",
        lambda run: build_pending_notice(
            PendingNoticeData(
                sample_notice_case(),
                _NOTICE_ITEMS[:1],
                makeup_deadline=date(2026, 12, 2),
                promised_date=date(2026, 12, 4),
                promised_provisional=True,
                commitment_signed=True,
            ),
            run.font,
        ),
    ),
    "extension-notice": Sample(
        "延期办理通知书.pdf",
        lambda run: build_extension_notice(
            ExtensionNoticeData(
                sample_notice_case(),
                old_due=date(2026, 12, 4),
                new_due=date(2026, 12, 11),
                working_days=5,
                reason="需对经营场所进行现场核查，核查工作尚未完成",
                extended_at=datetime(2026, 12, 2, 15, 10, tzinfo=CST),
                approver="李军",
            ),
            run.font,
        ),
    ),
    "certificate": Sample(
        "办结通知.pdf",
        lambda run: build_certificate(sample_certificate(run.key), run.font),
        signed=True,
    ),
    "daily-report": Sample(
        "受理工作日报.pdf", lambda run: build_daily_report(sample_daily_figures(), run.font)
    ),
}
"""Every printed document, by name; add a line here for each new document."""


def write_samples(
    directory: Path, names: list[str] | None = None, font: CjkFont | None = None
) -> list[Path]:
    """Write the named samples (default: all) into `directory`; returns the files written.

    A new sample key signs this run's certificate; when that is written, so is
    `KEY_SET_FILE`, the key to verify it with (last in the list).
    """
    run = SampleRun(font or resolve_cjk_font(), SampleKey.new())
    directory.mkdir(parents=True, exist_ok=True)
    chosen = [SAMPLES[name] for name in names or list(SAMPLES)]
    written = [_write(directory / sample.filename, sample.build(run)) for sample in chosen]
    if any(sample.signed for sample in chosen):
        written.append(_write(directory / KEY_SET_FILE, run.key.key_set_json().encode("utf-8")))
    return written


def _write(target: Path, data: bytes) -> Path:
    partial = target.with_name(target.name + ".partial")
    partial.write_bytes(data)
    os.replace(partial, target)
    return target


def _cmd(args: argparse.Namespace) -> int:
    font = resolve_cjk_font(args.font or None)
    for path in write_samples(Path(args.out), args.only or None, font):
        print(path)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `print-samples` to the `counter-desk` command."""
    parser = subparsers.add_parser(
        "print-samples",
        help="write one sample of each printed document (PDF), with made-up data; the "
        f"certificate is signed with a key made for the run, saved beside it as {KEY_SET_FILE} "
        "for counter-desk verify --keys",
    )
    parser.add_argument("--out", required=True, help="folder for the PDFs")
    parser.add_argument(
        "--only", action="append", choices=sorted(SAMPLES), help="just this document (repeatable)"
    )
    parser.add_argument("--font", help="a CJK TrueType font file (default: found on the system)")
    parser.set_defaults(func=_cmd)
