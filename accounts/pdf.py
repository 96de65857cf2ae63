"""A transcript as a PDF (reportlab platypus), drawn only from the transcript's frozen content.

The PDF prints the content hash and a QR code of the public page, so whoever receives it can open
the page and check that the hash, the holder and the totals agree. Pure apart from reportlab: no ORM.
"""

from __future__ import annotations

import datetime
import io
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from accounts.charts import format_hours
from accounts.models import Transcript

QR_SIZE = 32 * mm


def _date(iso: str) -> str:
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {day:%B %Y}"


def _qr(url: str) -> Drawing:
    widget = QrCodeWidget(url)
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        QR_SIZE, QR_SIZE, transform=[QR_SIZE / (right - left), 0, 0, QR_SIZE / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    return drawing


def _entries_table(entries: list[dict], total_minutes: int) -> Table:
    cell = getSampleStyleSheet()["BodyText"].clone("cell", fontSize=9, leading=11)
    rows: list[list[object]] = [["Date", "Organisation", "Activity", "Hours", "Verified by"]]
    for entry in entries:
        rows.append(
            [
                entry["date"],
                Paragraph(escape(entry["organisation"]), cell),
                Paragraph(escape(entry["activity"]), cell),
                format_hours(entry["minutes"]),
                Paragraph(escape(entry["verified_by"] or "The organisation"), cell),
            ]
        )
    rows.append(["Total", "", "", format_hours(total_minutes), ""])
    table = Table(rows, colWidths=[24 * mm, 45 * mm, 55 * mm, 16 * mm, 40 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (3, 0), (3, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f2f5f4")]),
            ]
        )
    )
    return table


def _story(transcript: Transcript, public_url: str) -> list[Flowable]:
    content, styles = transcript.content, getSampleStyleSheet()
    body, period = styles["BodyText"], content["period"]
    return [
        Paragraph("Volunteer hours transcript", styles["Title"]),
        Paragraph(f"<b>Holder:</b> {escape(content['holder_name'])}", body),
        Paragraph(f"<b>Period:</b> {_date(period['start'])} to {_date(period['end'])}", body),
        Paragraph(f"<b>Issued by {escape(content['issuer'])} on</b> {_date(content['generated_on'])}", body),
        Paragraph(escape(content["basis"]), body),
        Spacer(1, 4 * mm),
        _entries_table(content["entries"], content["total_minutes"]),
        Spacer(1, 4 * mm),
        Paragraph(
            f"<b>Total verified hours:</b> {format_hours(content['total_minutes'])} "
            f"in {len(content['entries'])} entries",
            body,
        ),
        Spacer(1, 6 * mm),
        Paragraph("<b>Check this transcript</b>", styles["Heading3"]),
        Paragraph(
            f"Open {escape(public_url)} (or scan the code) to see what {escape(content['issuer'])} "
            "published. The page shows this content hash (SHA-256); if it differs, this copy was altered.",
            body,
        ),
        Paragraph(f"<font face='Courier'>{transcript.content_hash}</font>", body),
        Spacer(1, 3 * mm),
        _qr(public_url),
    ]


def transcript_pdf(*, transcript: Transcript, public_url: str, compress: bool = True) -> bytes:
    """The PDF bytes. `compress=False` leaves page streams readable (tests search them for text);
    `invariant` drops the creation time and random file id, so the same input gives the same bytes."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=f"Volunteer hours transcript: {transcript.holder_name}",
        author=transcript.content["issuer"],
        invariant=1,
        pageCompression=1 if compress else 0,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
    )
    document.build(_story(transcript, public_url))
    return buffer.getvalue()
