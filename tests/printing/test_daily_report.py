"""The daily report: its text, its page flow, and the same figures as the store gave."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from printing.daily_report import build_daily_report
from printing.fonts import resolve_cjk_font
from printing.samples import sample_daily_figures


@pytest.fixture(scope="module")
def font():  # type: ignore[no-untyped-def]
    return resolve_cjk_font()


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_text_of_a_one_page_day(font) -> None:  # type: ignore[no-untyped-def]
    figures = sample_daily_figures(listed=2)
    pdf = build_daily_report(figures, font)
    pages = _pages(pdf)
    text = _flat("".join(pages))
    for expected in (
        "清徐县政务服务中心",
        "受理工作日报",
        "统计日期：2026年11月27日",
        "当日受理150件",
        "逾期件3件",
        "临期件2件",
        "待上传7条",
        "上传失败1条",
        "失业保险金申领",
        "清徐县人力资源和社会保障局",
        "王芳",
        "逾期3",
        "当日到期",
        "schema:applicant.phone",
        "带班负责人（签字）",
        f"第1页共{len(pages)}页",
    ):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == "受理工作日报 2026-11-27"
    # A4 portrait
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_many_items_flow_over_pages_with_numbers(font) -> None:  # type: ignore[no-untyped-def]
    figures = sample_daily_figures(items=160, listed=60)
    pages = _pages(build_daily_report(figures, font))
    total = len(pages)
    assert total >= 5
    for number, text in enumerate(pages, start=1):
        assert f"第{number}页共{total}页" in _flat(text)
        if number > 1:
            assert "受理工作日报（续）" in _flat(text)
    flat = _flat("".join(pages))
    # every item is printed once, in order, and the table header repeats on continuation pages
    positions = [flat.index(f"SX-{k:04d}") for k in (1, 80, 160)]
    assert positions == sorted(positions)
    assert sum("事项编码" in _flat(p) for p in pages) >= 2
    # the signature closes the last page, whole
    assert "带班负责人（签字）" in _flat(pages[-1])
    assert "日期：" in _flat(pages[-1])


def test_cut_lists_say_so_and_empty_lists_say_none(font) -> None:  # type: ignore[no-untyped-def]
    figures = replace(sample_daily_figures(listed=3), due_soon_total=40)
    text = _flat("".join(_pages(build_daily_report(figures, font))))
    assert "（仅列出前3件，共40件。）" in text
    empty = replace(figures, overdue=(), overdue_total=0, dead_letters=(), dead_total=0)
    text = _flat("".join(_pages(build_daily_report(empty, font))))
    assert "六、逾期件（共0件）无。" in text
