"""`counter-desk print-samples`: one valid PDF per document, every QR code reads as promised.

The sample certificate is signed with a key made for the run: `counter-desk
verify` on its rendered page says valid against the key set written beside
it, and unknown key on a desk that does not trust that key.
"""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader

from counter.certificates.payload import parse_signed_certificate
from printing.certificate_scan import qr_payloads
from printing.samples import ACCEPTANCE_NO, KEY_SET_FILE, SAMPLES, sample_certificate_data
from sync.keys_cli import read_key_set
from tests.conftest import DEMO_PASSWORD
from tests.test_cli import counter_desk
from ui.shell.cli import main


def test_print_samples_writes_valid_pdfs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "samples"
    assert main(["print-samples", "--out", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted([KEY_SET_FILE, *(s.filename for s in SAMPLES.values())])
    assert {"receipt", "daily-report", "thermal-receipt", "refusal-notice", "certificate"} <= set(
        SAMPLES
    )
    for path in out.glob("*.pdf"):
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        reader = PdfReader(path)
        assert len(reader.pages) >= 1
        assert reader.pages[0].extract_text().strip()
    assert str(out / SAMPLES["receipt"].filename) in capsys.readouterr().out


def test_print_samples_only_one(tmp_path: Path) -> None:
    assert main(["print-samples", "--out", str(tmp_path), "--only", "daily-report"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [SAMPLES["daily-report"].filename]


# The QR codes each sample holds, all pages in order; a new sample needs its line here.
EXPECTED_QR = {
    "receipt": [ACCEPTANCE_NO],
    "receipt-pending": [ACCEPTANCE_NO],
    "thermal-receipt": [ACCEPTANCE_NO],
    "correction-notice": [ACCEPTANCE_NO],
    "refusal-notice": [ACCEPTANCE_NO],
    "pending-notice": [ACCEPTANCE_NO],
    "extension-notice": [ACCEPTANCE_NO],
    "certificate": ["the signed certificate"],
    "daily-report": [],
}


def _render(pdf: Path) -> list[Path]:
    """Every page of `pdf` as a PNG at 200 dpi, as a scanner would see the print."""
    pages = []
    for n, page in enumerate(pdfium.PdfDocument(pdf), start=1):
        png = pdf.with_name(f"{pdf.stem}-{n}.png")
        page.render(scale=200 / 72).to_pil().save(png)
        pages.append(png)
    return pages


def test_every_sample_qr_says_what_it_promises_and_the_certificate_verifies(
    tmp_path: Path, desk_dir: Path
) -> None:
    out = tmp_path / "samples"
    assert main(["print-samples", "--out", str(out)]) == 0
    key_file = out / KEY_SET_FILE
    (sample_key,) = read_key_set(key_file)
    assert set(EXPECTED_QR) == set(SAMPLES)
    certificate_png = None
    for name, sample in SAMPLES.items():
        pages = _render(out / sample.filename)
        found = [text for png in pages for text in qr_payloads(png)]
        if name != "certificate":
            assert found == EXPECTED_QR[name], name
            continue
        (payload,) = found
        (certificate_png,) = pages
        _, signed = parse_signed_certificate(payload)
        assert signed.key_id == sample_key.key_id
        assert signed.data == sample_certificate_data()

    # Checked against the key set written beside the samples: valid, with its fields.
    done = counter_desk(desk_dir, "verify", "--image", str(certificate_png), "--keys",
                        str(key_file))  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"VALID: signed by the key {sample_key.key_id}")
    assert "持证人 holder: 清徐县味道餐饮有限公司" in done.stdout
    assert f"受理编号 acceptance no: {ACCEPTANCE_NO}" in done.stdout

    # A desk that does not trust the sample key says so, and where the key may be found.
    done = counter_desk(desk_dir, "verify", "--image", str(certificate_png))
    assert done.returncode == 1
    assert done.stdout.startswith(f"UNKNOWN KEY: signed by {sample_key.key_id}, which is not")
    assert "--keys FILE" in done.stdout and KEY_SET_FILE in done.stdout

    # Once a reviewing desk installs the sample key set, its own check says valid.
    done = counter_desk(
        desk_dir, "keys", "install", str(key_file), "--user", "admin", "--password-stdin",
        stdin=DEMO_PASSWORD + "\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    done = counter_desk(desk_dir, "verify", "--image", str(certificate_png))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith(f"VALID: signed by the key {sample_key.key_id}")


def test_each_run_signs_with_a_new_key_and_keeps_no_private_key(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        assert main(["print-samples", "--out", str(out), "--only", "certificate"]) == 0
        assert sorted(p.name for p in out.iterdir()) == sorted([KEY_SET_FILE, "办结通知.pdf"])
    (one,), (two,) = read_key_set(first / KEY_SET_FILE), read_key_set(second / KEY_SET_FILE)
    assert one.key_id != two.key_id
    text = json.loads((first / KEY_SET_FILE).read_text(encoding="utf-8"))
    assert set(text["keys"][0]) == {"key_id", "alg", "public_key", "created_at"}
    # A document without a signed certificate needs no key set.
    assert main(["print-samples", "--out", str(tmp_path / "plain"), "--only", "receipt"]) == 0
    assert not (tmp_path / "plain" / KEY_SET_FILE).exists()

