"""`counter-desk print-samples`: one valid PDF per document."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader

from printing.samples import SAMPLES
from ui.cli import main


def test_print_samples_writes_valid_pdfs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "samples"
    assert main(["print-samples", "--out", str(out)]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(s.filename for s in SAMPLES.values())
    assert {"receipt", "daily-report", "thermal-receipt", "refusal-notice", "certificate"} <= set(
        SAMPLES
    )
    for path in out.iterdir():
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        reader = PdfReader(path)
        assert len(reader.pages) >= 1
        assert reader.pages[0].extract_text().strip()
    assert str(out / SAMPLES["receipt"].filename) in capsys.readouterr().out


def test_print_samples_only_one(tmp_path: Path) -> None:
    assert main(["print-samples", "--out", str(tmp_path), "--only", "daily-report"]) == 0
    assert [p.name for p in tmp_path.iterdir()] == [SAMPLES["daily-report"].filename]
